package cloud.patchmon.core.dashboard;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.CheckInService;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.HookedStore;
import cloud.patchmon.core.testing.HookedStore.Call;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboard's fleet counters against DynamoDB Local: concurrency, retries, races with check-ins, drift, cost. */
@ExtendWith(DynamoDbLocalExtension.class)
class FleetCountersIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final CanonicalHashes canonical = new CanonicalHashes();
    private final PasswordHasher hasher = new PasswordHasher(4);
    private final CapacityMeter meter = new CapacityMeter();
    private DynamoDbClient ddb;
    private HookedStore store;
    private HostService hosts;
    private ReportService reports;
    private CheckInService checkIns;
    private AgentAuthenticator agents;
    private FleetCounters counters;
    private FleetCountersRecount recount;
    private DashboardService dashboard;

    FleetCountersIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new HookedStore(new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock));
        hosts = new HostService(store, hasher, clock);
        reports = new ReportService(store, clock);
        checkIns = new CheckInService(store, clock);
        agents = new AgentAuthenticator(store, hasher, clock);
        counters = new FleetCounters(store);
        recount = new FleetCountersRecount(store);
        dashboard = new DashboardService(store, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    /** An agent's credentials; each request authenticates afresh, as the API does. */
    private record Agent(String hostId, String apiId, String apiKey) {
    }

    private Agent enrol(String name) {
        HostService.Credentials c = hosts.create(acme, new HostService.NewHost(name, "linux", List.of(), false, false));
        return new Agent(c.host().id(), c.host().apiId(), c.apiKey());
    }

    private AgentAuthenticator.AuthenticatedHost auth(Agent agent) {
        return agents.authenticate(agent.apiId(), agent.apiKey());
    }

    /** {@code outdated} of {@code total} packages need an update, every third of those a security one. */
    private static List<PackageEntry> packages(int total, int outdated) {
        List<PackageEntry> list = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            boolean old = i < outdated;
            list.add(PackageEntry.of("pkg-" + i, null, null, "1.0", old ? "2.0" : "", old, old && i % 3 == 0, null));
        }
        return list;
    }

    private ReportService.Report full(List<PackageEntry> packages, boolean reboot) {
        return new ReportService.Report(packages, List.of(), List.of(), "web", null, "Debian", "12", "x86_64", "2.1.0", reboot, null,
                Map.of(), null, Map.of("packagesHash", canonical.packages(packages)), 10);
    }

    private void assertMatchesRecount() {
        FleetCounters.Snapshot maintained = counters.read(acme);
        FleetCountersRecount.Expected expected = recount.compute(acme);
        assertThat(maintained.counters()).isEqualTo(expected.counters());
    }

    @Test
    void reportsOfManyHostsAtOnceLoseNoIncrement() throws Exception {
        List<Agent> fleet = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fleet.add(enrol("host-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(fleet.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < fleet.size(); i++) {
            AgentAuthenticator.AuthenticatedHost agent = auth(fleet.get(i));
            int outdated = i % 4;
            done.add(pool.submit(() -> {
                start.await();
                // Every host moves the same packages' aggregates across zero, the worst case for the package counters.
                reports.ingest(agent, full(packages(6, outdated), outdated % 2 == 0));
                reports.ingest(agent, full(packages(6, 3 - outdated), outdated % 2 == 1));
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertMatchesRecount();
        assertThat(dashboard.stats(acme).cards().totalHosts()).isEqualTo(8);
        assertThat(recount.run(acme)).isZero();
    }

    @Test
    void aRetriedReportCountsOnce() {
        Agent web = enrol("web-01");
        ReportService.Report report = full(packages(9, 6), true);
        reports.ingest(auth(web), report);
        FleetCounters.Snapshot once = counters.read(acme);

        reports.ingest(auth(web), report);

        assertThat(counters.read(acme).counters()).isEqualTo(once.counters());
        assertThat(once.counters()).containsEntry(FleetCounters.REPORTED, 1L).containsEntry(FleetCounters.OUTDATED, 1L)
                .containsEntry(FleetCounters.SECURITY_UPDATES, 2L).containsEntry(FleetCounters.PACKAGES_OUTDATED, 6L)
                .containsEntry(FleetCounters.REBOOT, 1L).doesNotContainKey(FleetCounters.PENDING);
    }

    @Test
    void aCheckInBetweenAReportsReadAndItsWriteIsNeitherLostNorCountedTwice() {
        Agent web = enrol("web-01");
        reports.ingest(auth(web), full(packages(5, 2), false));
        String hostId = web.hostId();
        store.beforeFirst(Call.of("replaceIf", "HOST#" + hostId), () -> checkIns.checkIn(auth(web),
                new CheckInService.CheckIn(Map.of(), Map.of("needsReboot", true), "2.1.0", 5L)));

        reports.ingest(auth(web), new ReportService.Report(null, null, null, "renamed", null, null, null, null, null, null, null, null,
                List.of("hostname"), Map.of("hostnameHash", canonical.hostname("renamed")), 10));

        assertThat(hosts.get(acme, hostId).needsReboot()).as("the check-in's reboot flag survives the report").isTrue();
        assertThat(hosts.get(acme, hostId).hostname()).isEqualTo("renamed");
        assertThat(counters.read(acme).get(FleetCounters.REBOOT)).isEqualTo(1);
        assertMatchesRecount();
    }

    @Test
    void aFailureBetweenTheHostWriteAndTheCounterUpdateLeavesThemShortUntilTheRecount() {
        Agent web = enrol("web-01");
        store.beforeFirst(Call.of("adjust", "COUNTERS"), () -> {
            throw new IllegalStateException("DynamoDB unavailable");
        });

        assertThatThrownBy(() -> reports.ingest(auth(web), full(packages(4, 4), false))).isInstanceOf(IllegalStateException.class);
        reports.ingest(auth(web), full(packages(4, 4), false));

        assertThat(counters.read(acme).get(FleetCounters.REPORTED)).as("short, never double").isZero();
        assertThat(recount.run(acme)).isEqualTo(1);
        assertMatchesRecount();
        assertThat(counters.read(acme).get(FleetCounters.REPORTED)).isEqualTo(1);
        assertThat(recount.run(acme)).as("a correct fleet needs no write").isZero();
    }

    @Test
    void theRecountNeverOverwritesAnIncrementMadeWhileItRuns() {
        enrol("web-01");
        counters.apply(acme, new FleetCounters.Delta(Map.of(FleetCounters.REBOOT, 5L)));
        store.beforeFirst(Call.of("replaceIf", "COUNTERS"), () -> enrol("late-01"));

        assertThat(recount.run(acme)).isEqualTo(1);

        assertThat(counters.read(acme).get(FleetCounters.PENDING)).isEqualTo(2);
        assertThat(counters.read(acme).get(FleetCounters.REBOOT)).isZero();
        assertMatchesRecount();
    }

    @Test
    void theSweepCountsStaleHostsAndACheckInBringsThemBackWithoutTouchingTheCounters() {
        HostHealth health = new HostHealth(store, event -> { },
                new HostLiveEvents(new UiChannel(new UiConnectionRepository(store), (connection, message) -> { }, Json.newMapper())), clock);
        Agent web = enrol("web-01");
        Agent db = enrol("db-01");
        assertThat(dashboard.stats(acme).cards().pendingHosts()).isEqualTo(2);
        reports.ingest(auth(web), full(packages(3, 0), false));
        reports.ingest(auth(db), full(packages(3, 0), false));
        assertThat(dashboard.stats(acme).cards()).extracting(DashboardService.Cards::pendingHosts, DashboardService.Cards::totalHosts)
                .containsExactly(0L, 2L);

        // Three 60-minute intervals after 10:00 both hosts are stale; db checks in just before.
        clock.advance(Duration.ofMinutes(3 * 60 - 1));
        checkIns.checkIn(auth(db), new CheckInService.CheckIn(Map.of(), Map.of(), "2.1.0", 5L));
        clock.advance(Duration.ofMinutes(2));
        assertThat(hosts.list(acme, new HostService.Filter(null, null, null, null, true))).as("the Hosts list hides web")
                .extracting(h -> h.host().friendlyName()).containsExactly("db-01");
        assertThat(dashboard.stats(acme).cards().offlineHosts()).as("until the next sweep").isZero();
        assertThat(health.sweep(acme).offline()).isEqualTo(1);
        assertThat(dashboard.stats(acme).cards().offlineHosts()).isEqualTo(1);

        long changes = counters.read(acme).changes();
        checkIns.checkIn(auth(web), new CheckInService.CheckIn(Map.of(), Map.of(), "2.1.0", 5L));
        assertThat(counters.read(acme).changes()).as("a check-in that changes only last seen writes no counter").isEqualTo(changes);
        health.sweep(acme);
        assertThat(dashboard.stats(acme).cards().offlineHosts()).isZero();

        try (CapacityMeter.Scope scope = meter.open()) {
            health.sweep(acme);
            assertThat(scope.tally().writeUnits()).as("an unchanged figure is not written again").isZero();
        }

        hosts.delete(acme, web.hostId());
        hosts.delete(acme, db.hostId());
        assertThat(counters.read(acme).counters()).isEmpty();
    }

    @Test
    void theDashboardReadCostsTheSameForOneHostAndForThirty() {
        reports.ingest(auth(enrol("host-0")), full(packages(40, 10), false));
        double one = dashboardReadUnits();
        for (int i = 1; i < 30; i++) {
            reports.ingest(auth(enrol("host-" + i)), full(packages(40 + i, 10 + i), i % 2 == 0));
        }

        double thirty = dashboardReadUnits();

        assertThat(thirty).isEqualTo(one);
        assertThat(thirty).as("the counters and the offline figure: one strongly consistent get each").isLessThanOrEqualTo(2.0);
        assertThat(dashboard.stats(acme).cards().totalHosts()).isEqualTo(30);
    }

    private double dashboardReadUnits() {
        try (CapacityMeter.Scope scope = meter.open()) {
            dashboard.stats(acme);
            return scope.tally().readUnits();
        }
    }
}
