package cloud.patchmon.core.health;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentConnections;
import cloud.patchmon.core.realtime.ConnectionRepository;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.realtime.UiSessions;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** host_down / host_recovered from the sweep and the agents' connect and disconnect, against DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class HostHealthIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> pushed = new CopyOnWriteArrayList<>();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private HostHealth health;
    private AgentPresence presence;
    private IdentityFixture identity;
    private AuthenticatedUser owner;
    private HostService.Credentials host;

    HostHealthIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        UiChannel browsers = new UiChannel(new UiConnectionRepository(store), (connectionId, message) -> pushed.add(message), Json.newMapper());
        health = newHealth(browsers);
        presence = new AgentPresence(new AgentConnections(new ConnectionRepository(store), clock), health, new HostLiveEvents(browsers));
        identity = new IdentityFixture(store, clock);
        owner = identity.signup("Acme");
        host = new HostService(store, identity.hasher, clock).create(owner.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false));
        // A browser watches the host, so the pushes can be checked too.
        UiSessions sessions = new UiSessions(store, (ctx, runId) -> false, clock);
        sessions.connected(owner.context(), "b1");
        sessions.subscribe(owner.context(), "b1", "host:" + host.host().id());
    }

    private HostHealth newHealth(UiChannel browsers) {
        return new HostHealth(store, events::add, new HostLiveEvents(browsers), clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private void report() {
        List<PackageEntry> packages = List.of(PackageEntry.of("openssl", "TLS", "libs", "3.0.1", "3.0.2", true, true, "security"));
        new ReportService(store, clock).ingest(new AgentAuthenticator(store, identity.hasher, clock).authenticate(host.host().apiId(), host.apiKey()),
                new ReportService.Report(packages, null, null, null, null, null, null, null, null, null, null, null, null,
                        Map.of("packagesHash", new CanonicalHashes().packages(packages)), 100));
    }

    private List<String> eventTypes() {
        return events.stream().map(e -> e.type() + ":" + e.data().get("reason")).toList();
    }

    @Test
    void aDroppedConnectionIsDownOnlyAfterTheGracePeriodAndOnlyOnce() {
        report();
        presence.connected(owner.context(), host.host().id(), "a1", true, "192.0.2.1");
        assertThat(presence.disconnected(owner.context(), host.host().id(), "a1")).isTrue();

        clock.advance(HostHealth.GRACE.minusSeconds(1));
        assertThat(health.sweep().raised()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(health.sweep().raised()).isEqualTo(1);
        assertThat(health.sweep().raised()).isZero();
        assertThat(eventTypes()).containsExactly("host_down:disconnected");
        assertThat(health.down(owner.context(), host.host().id())).hasValueSatisfying(d -> {
            assertThat(d.reason()).isEqualTo(HostDown.DISCONNECTED);
            assertThat(d.since()).isEqualTo(clock.instant());
        });
        assertThat(pushed).anySatisfy(m -> assertThat(m).contains("\"type\":\"host_down\"").contains("\"reason\":\"disconnected\""));

        // The agent redials: recovered at once, without waiting for a sweep.
        presence.connected(owner.context(), host.host().id(), "a2", true, "192.0.2.1");
        assertThat(eventTypes()).containsExactly("host_down:disconnected", "host_recovered:null");
        assertThat(health.down(owner.context())).isEmpty();
        assertThat(health.sweep().raised()).isZero();
        assertThat(pushed).anySatisfy(m -> assertThat(m).contains("\"type\":\"host_recovered\""));
    }

    @Test
    void aReconnectWithinTheGracePeriodRaisesNothing() {
        report();
        presence.connected(owner.context(), host.host().id(), "a1", true, "192.0.2.1");
        presence.disconnected(owner.context(), host.host().id(), "a1");
        clock.advance(Duration.ofSeconds(30));
        presence.connected(owner.context(), host.host().id(), "a2", false, "192.0.2.1");
        clock.advance(HostHealth.GRACE.multipliedBy(3));
        assertThat(health.sweep().raised()).isZero();
        // The old connection's late $disconnect does not start a grace period: a2 is still current.
        assertThat(presence.disconnected(owner.context(), host.host().id(), "a1")).isFalse();
        clock.advance(HostHealth.GRACE.multipliedBy(3));
        assertThat(health.sweep().raised()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void threeMissedIntervalsAreDownUntilTheNextReport() {
        report();
        clock.advance(Duration.ofMinutes(179));
        assertThat(health.sweep().raised()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(health.sweep().raised()).isEqualTo(1);
        // Connecting does not make a host that stopped reporting healthy.
        presence.connected(owner.context(), host.host().id(), "a1", true, "192.0.2.1");
        assertThat(health.down(owner.context(), host.host().id())).isPresent();

        report();
        HostHealth.Sweep sweep = health.sweep();
        assertThat(sweep.cleared()).isEqualTo(1);
        assertThat(health.sweep().cleared()).isZero();
        assertThat(eventTypes()).containsExactly("host_down:missed_updates", "host_recovered:null");
    }

    @Test
    void aPendingHostThatNeverReportedIsNotDown() {
        clock.advance(Duration.ofDays(2));
        assertThat(health.sweep().raised()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void concurrentSweepsRaiseOneEvent() throws Exception {
        report();
        clock.advance(Duration.ofHours(4));
        UiChannel browsers = new UiChannel(new UiConnectionRepository(store), (connectionId, message) -> { }, Json.newMapper());
        List<HostHealth> sweepers = List.of(health, newHealth(browsers), newHealth(browsers), newHealth(browsers));
        ExecutorService pool = Executors.newFixedThreadPool(sweepers.size());
        try {
            List<Future<HostHealth.Sweep>> runs = sweepers.stream().map(h -> pool.submit((java.util.concurrent.Callable<HostHealth.Sweep>) h::sweep)).toList();
            int raised = 0;
            for (Future<HostHealth.Sweep> run : runs) {
                raised += run.get().raised();
            }
            assertThat(raised).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventTypes()).containsExactly("host_down:missed_updates");
    }

    @Test
    void aDeletedHostsHealthIsForgotten() {
        report();
        clock.advance(Duration.ofHours(4));
        health.sweep();
        new HostService(store, identity.hasher, clock).delete(owner.context(), host.host().id());
        health.sweep();
        assertThat(health.down(owner.context())).isEmpty();
        assertThat(eventTypes()).containsExactly("host_down:missed_updates");
    }
}
