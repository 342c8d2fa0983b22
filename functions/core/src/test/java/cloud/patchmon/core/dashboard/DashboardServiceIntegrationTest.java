package cloud.patchmon.core.dashboard;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.dashboard.DashboardService.NamedCount;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DynamoDbLocalExtension.class)
class DashboardServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
    private final PasswordHasher hasher = new PasswordHasher(4);
    private DynamoDbClient ddb;
    private HostService hosts;
    private ReportService reports;
    private AgentAuthenticator authenticator;
    private DashboardService dashboard;
    private DynamoItemStore store;

    DashboardServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        hosts = new HostService(store, hasher, clock);
        reports = new ReportService(store, clock);
        authenticator = new AgentAuthenticator(store, hasher, clock);
        dashboard = new DashboardService(store, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    /** Enrols a host and reports {@code packages}, given as name → (needs update, security). */
    private void reportingHost(TenantContext ctx, String name, String os, boolean reboot, Map<String, boolean[]> packages) {
        HostService.Credentials created = hosts.create(ctx, new HostService.NewHost(name, "linux", List.of(), false, false));
        List<PackageEntry> entries = packages.entrySet().stream().map(e -> PackageEntry.of(e.getKey(), null, null, "1.0",
                e.getValue()[0] ? "2.0" : "", e.getValue()[0], e.getValue()[1], null)).toList();
        reports.ingest(authenticator.authenticate(created.host().apiId(), created.apiKey()), new ReportService.Report(entries, List.of(),
                List.of(), name, null, os, "1", "x86_64", "2.1.0", reboot, null, Map.of(), null, Map.of(), 10));
    }

    private static boolean[] upToDate() {
        return new boolean[]{false, false};
    }

    private static boolean[] outdated() {
        return new boolean[]{true, false};
    }

    private static boolean[] security() {
        return new boolean[]{true, true};
    }

    @Test
    void theCardsCountTheTenantsHostsAndPackages() {
        reportingHost(acme, "old-01", "Ubuntu", true, Map.of("openssl", security(), "curl", outdated(), "vim", upToDate()));
        clock.advance(Duration.ofHours(4));
        reportingHost(acme, "web-01", "Ubuntu", false, Map.of("openssl", security(), "vim", upToDate()));
        reportingHost(acme, "db-01", "Rocky Linux", false, Map.of("vim", upToDate()));
        hosts.create(acme, new HostService.NewHost("pending-01", "linux", List.of(), false, false));
        reportingHost(rival, "rival-01", "Debian", true, Map.of("nginx", security(), "zsh", outdated()));
        // The scheduler's host-health sweep, which keeps the Offline figure, runs every minute.
        HostHealth health = new HostHealth(store, event -> { },
                new HostLiveEvents(new UiChannel(new UiConnectionRepository(store), (connection, message) -> { }, Json.newMapper())), clock);
        health.sweep(acme);
        health.sweep(rival);

        DashboardService.Stats stats = dashboard.stats(acme);

        assertThat(stats.cards()).isEqualTo(new DashboardService.Cards(3, 2, 1, 2, 1, 1, 1, 2, 1, 2));
        assertThat(stats.charts().osDistribution()).containsExactly(new NamedCount("Ubuntu", 2), new NamedCount("Rocky Linux", 1));
        assertThat(stats.charts().updateStatusDistribution())
                .containsExactly(new NamedCount("Up to date", 1), new NamedCount("Needs updates", 2), new NamedCount("Offline", 1));
        assertThat(stats.charts().packageUpdateDistribution()).containsExactly(new NamedCount("Security", 1), new NamedCount("Regular", 1));
        assertThat(stats.lastUpdated()).isEqualTo(clock.instant());

        assertThat(dashboard.stats(rival).cards()).isEqualTo(new DashboardService.Cards(1, 1, 0, 1, 1, 0, 0, 2, 1, 1));
    }

    @Test
    void anEmptyTenantHasZeroesEverywhere() {
        DashboardService.Stats stats = dashboard.stats(acme);

        assertThat(stats.cards()).isEqualTo(new DashboardService.Cards(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(stats.charts().osDistribution()).isEmpty();
    }
}
