package cloud.patchmon.jobs;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.dashboard.DashboardService;
import cloud.patchmon.core.dashboard.FleetCounters;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the real handler with the input EventBridge sends, against DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class ScheduledJobsHandlerIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private DynamoDbClient ddb;
    private DynamoItemStore store;

    ScheduledJobsHandlerIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();

    private Jobs jobs() {
        UiChannel browsers = new UiChannel(new UiConnectionRepository(store), (connectionId, message) -> { }, Json.newMapper());
        return new Jobs(store, clock, new HostHealth(store, events::add, new HostLiveEvents(browsers), clock));
    }

    @Test
    void theHostHealthScheduleRaisesHostDownOnceForAHostThatMissedThreeIntervals() throws IOException {
        AuthenticatedUser owner = new IdentityFixture(store, clock).signup("Acme");
        PasswordHasher hasher = new PasswordHasher(4);
        HostService.Credentials host = new HostService(store, hasher, clock)
                .create(owner.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false));
        List<PackageEntry> packages = List.of(PackageEntry.of("openssl", "TLS", "libs", "3.0.1", "3.0.2", true, true, "security"));
        new ReportService(store, clock).ingest(new AgentAuthenticator(store, hasher, clock).authenticate(host.host().apiId(), host.apiKey()),
                new ReportService.Report(packages, null, null, null, null, null, null, null, null, null, null, null, null,
                        Map.of("packagesHash", new CanonicalHashes().packages(packages)), 100));
        ScheduledJobsHandler handler = new ScheduledJobsHandler(jobs());
        assertThat(handler.handleRequest(event("host-health.json"), null)).containsEntry("job", "host-health").containsEntry("raised", 0);

        // The default update interval is 60 minutes: three of them pass.
        clock.advance(Duration.ofMinutes(181));
        assertThat(handler.handleRequest(event("host-health.json"), null)).containsEntry("raised", 1).containsEntry("failed", List.of());
        assertThat(handler.handleRequest(event("host-health.json"), null)).containsEntry("raised", 0);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("host_down");
            assertThat(e.data()).containsEntry("host_id", host.host().id()).containsEntry("reason", "missed_updates");
        });
    }

    private static Map<String, Object> event(String name) throws IOException {
        try (InputStream in = ScheduledJobsHandlerIntegrationTest.class.getResourceAsStream("/events/" + name)) {
            return Json.newMapper().readValue(in, new TypeReference<>() {
            });
        }
    }

    @Test
    void theFleetRecountScheduleCorrectsDriftedAggregates() throws IOException {
        AuthenticatedUser owner = new IdentityFixture(store, clock).signup("Acme");
        PasswordHasher hasher = new PasswordHasher(4);
        HostService.Credentials host = new HostService(store, hasher, clock)
                .create(owner.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false));
        List<PackageEntry> packages = List.of(PackageEntry.of("openssl", "TLS", "libs", "3.0.1", "3.0.2", true, true, "security"));
        new ReportService(store, clock).ingest(new AgentAuthenticator(store, hasher, clock).authenticate(host.host().apiId(), host.apiKey()),
                new ReportService.Report(packages, null, null, null, null, null, null, null, null, null, null, null, null,
                        Map.of("packagesHash", new CanonicalHashes().packages(packages)), 100));
        PackageCatalog catalog = new PackageCatalog(store);
        catalog.adjust(owner.context(), "openssl", new PackageCatalog.Delta(4, 4, 4, Map.of()), null, null, null);

        Map<String, Object> outcome = new ScheduledJobsHandler(jobs()).handleRequest(event("fleet-recount.json"), null);

        assertThat(outcome).containsEntry("job", "fleet-recount").containsEntry("tenants", 1).containsEntry("corrected", 1)
                .containsEntry("failed", List.of());
        assertThat(catalog.list(owner.context())).singleElement()
                .satisfies(s -> assertThat(List.of(s.hostsInstalled(), s.hostsNeedingUpdate(), s.hostsSecurity())).containsExactly(1L, 1L, 1L));
    }

    @Test
    void theFleetRecountScheduleCorrectsTheDashboardCounters() throws IOException {
        AuthenticatedUser owner = new IdentityFixture(store, clock).signup("Acme");
        new HostService(store, new PasswordHasher(4), clock).create(owner.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false));
        // A lost update: say, a crash between a host write and its counter update.
        new FleetCounters(store).apply(owner.context(), new FleetCounters.Delta(Map.of(FleetCounters.PENDING, 2L, FleetCounters.REBOOT, 1L)));

        Map<String, Object> outcome = new ScheduledJobsHandler(jobs()).handleRequest(event("fleet-recount.json"), null);

        assertThat(outcome).containsEntry("corrected", 1).containsEntry("failed", List.of());
        DashboardService.Cards cards = new DashboardService(store, clock).stats(owner.context()).cards();
        assertThat(List.of(cards.pendingHosts(), cards.hostsNeedingReboot())).containsExactly(1L, 0L);
    }

    @Test
    void anInputWithoutAKnownJobFailsTheInvocation() {
        ScheduledJobsHandler handler = new ScheduledJobsHandler(jobs());
        assertThatThrownBy(() -> handler.handleRequest(Map.of("job", "no-such-job"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> handler.handleRequest(Map.of("detail-type", "Scheduled Event"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> handler.handleRequest(null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
