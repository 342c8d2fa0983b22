package cloud.patchmon.core.dashboard;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.dashboard.DashboardService.NamedCount;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.CheckInService;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostGroupService;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.HostStatus;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.packages.PackageSummary;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.TenantRepository;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.MutableClock;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever sequence of host creations, full and partial reports, check-ins (reboot flag flipping, time
 * passing), edits, group assignments and deletions (single and bulk) a tenant sees, the counters maintained from the
 * diffs equal a recount from the host items and package aggregates, and the dashboard's cards equal what a scan of
 * every host and package would show (offline hosts as of the latest host-health sweep, which the scheduler runs each
 * minute and the test runs before each read).
 */
@ExtendWith(DynamoDbLocalExtension.class)
class FleetCountersPropertyTest {

    private static final List<String> OS = List.of("Ubuntu", "Debian", "Rocky Linux", "");

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final CanonicalHashes canonical = new CanonicalHashes();
    private final PasswordHasher hasher = new PasswordHasher(4);
    private DynamoDbClient ddb;
    private DynamoItemStore store;

    FleetCountersPropertyTest(DynamoDbLocal dynamo) {
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

    private record Agent(String hostId, String apiId, String apiKey) {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 2026})
    void maintainedCountersEqualARecountAfterRandomFleetChanges(long seed) {
        Random random = new Random(seed);
        HostService hosts = new HostService(store, hasher, clock);
        ReportService reports = new ReportService(store, clock);
        CheckInService checkIns = new CheckInService(store, clock);
        AgentAuthenticator agents = new AgentAuthenticator(store, hasher, clock);
        FleetCounters counters = new FleetCounters(store);
        FleetCountersRecount recount = new FleetCountersRecount(store);
        DashboardService dashboard = new DashboardService(store, clock);
        HostHealth health = new HostHealth(store, event -> { },
                new HostLiveEvents(new UiChannel(new UiConnectionRepository(store), (connection, message) -> { }, Json.newMapper())), clock);
        String group = new HostGroupService(store, clock).create(acme, "web", null, null).id();
        List<Agent> fleet = new ArrayList<>();

        for (int round = 0; round < 40; round++) {
            int op = fleet.isEmpty() ? 0 : random.nextInt(10);
            String did;
            if (op == 0 || fleet.size() < 2 && op > 6) {
                HostService.Credentials c = hosts.create(acme, new HostService.NewHost("host-" + round, "linux",
                        random.nextBoolean() ? List.of(group) : List.of(), false, false));
                fleet.add(new Agent(c.host().id(), c.host().apiId(), c.apiKey()));
                did = "create";
            } else {
                Agent agent = fleet.get(random.nextInt(fleet.size()));
                switch (op) {
                    case 1, 2, 3 -> {
                        List<PackageEntry> packages = new ArrayList<>();
                        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                            boolean outdated = random.nextBoolean();
                            packages.add(PackageEntry.of("pkg-" + random.nextInt(12), null, null, "1.0", outdated ? "2.0" : "", outdated,
                                    outdated && random.nextBoolean(), null));
                        }
                        reports.ingest(agents.authenticate(agent.apiId(), agent.apiKey()), new ReportService.Report(packages, List.of(),
                                List.of(), "h" + round, null, OS.get(random.nextInt(OS.size())), "1", "x86_64", "2.1.0", random.nextBoolean(),
                                null, Map.of(), null, Map.of("packagesHash", canonical.packages(packages)), 10));
                        did = "full report";
                    }
                    case 4 -> {
                        if (hosts.get(acme, agent.hostId()).lastUpdate() == null) {
                            did = "nothing (partial reports follow a full one)";
                        } else {
                            reports.ingest(agents.authenticate(agent.apiId(), agent.apiKey()), new ReportService.Report(null, null, null,
                                    "renamed-" + round, null, null, null, null, null, null, null, null, List.of("hostname"),
                                    Map.of("hostnameHash", canonical.hostname("renamed-" + round)), 10));
                            did = "partial report";
                        }
                    }
                    case 5, 6 -> {
                        checkIns.checkIn(agents.authenticate(agent.apiId(), agent.apiKey()),
                                new CheckInService.CheckIn(Map.of(), Map.of("needsReboot", random.nextBoolean()), "2.1.0", 5L));
                        did = "check-in";
                    }
                    case 7 -> {
                        if (random.nextBoolean()) {
                            hosts.update(acme, agent.hostId(), new HostService.Edits("edited-" + round, null, null, "note", null));
                            did = "edit";
                        } else {
                            hosts.setGroups(acme, List.of(agent.hostId()), random.nextBoolean() ? List.of(group) : List.of());
                            did = "group assignment";
                        }
                    }
                    case 8 -> {
                        hosts.delete(acme, agent.hostId());
                        fleet.remove(agent);
                        did = "delete";
                    }
                    default -> {
                        List<Agent> gone = fleet.subList(0, Math.min(2, fleet.size()));
                        hosts.delete(acme, gone.stream().map(Agent::hostId).toList());
                        gone.clear();
                        did = "bulk delete";
                    }
                }
            }
            clock.advance(Duration.ofMinutes(random.nextInt(90)));

            String at = "round " + round + " (" + did + ")";
            FleetCounters.Snapshot maintained = counters.read(acme);
            FleetCountersRecount.Expected expected = recount.compute(acme);
            assertThat(maintained.counters()).as("counters, " + at).isEqualTo(expected.counters());
            health.sweep(acme);
            DashboardService.Stats stats = dashboard.stats(acme);
            assertThat(stats.cards()).as("cards, " + at).isEqualTo(scan(acme));
            assertThat(stats.charts().osDistribution()).as("OS chart, " + at).isEqualTo(osScan(acme));
        }
        assertThat(recount.run(acme)).as("nothing drifted").isZero();
    }

    /** The cards as the dashboard used to compute them on each request: from every host item and package aggregate. */
    private DashboardService.Cards scan(TenantContext ctx) {
        HostStatus.Rule rule = HostStatus.Rule.of(new TenantRepository(store).settings(ctx), clock.instant());
        List<Host> all = new HostRepository(store).list(ctx);
        List<Host> reported = all.stream().filter(h -> Host.ACTIVE.equals(h.status())).toList();
        long needing = reported.stream().filter(h -> h.counts().outdated() > 0).count();
        List<PackageSummary> packages = new PackageCatalog(store).list(ctx);
        return new DashboardService.Cards(reported.size(), needing, reported.size() - needing,
                reported.stream().filter(h -> h.counts().security() > 0).count(), reported.stream().filter(Host::needsReboot).count(),
                reported.stream().filter(h -> rule.of(h).stale()).count(), all.size() - reported.size(),
                packages.stream().filter(p -> p.hostsNeedingUpdate() > 0).count(), packages.stream().filter(p -> p.hostsSecurity() > 0).count(),
                reported.stream().mapToLong(h -> h.counts().security()).sum());
    }

    private List<NamedCount> osScan(TenantContext ctx) {
        Map<String, Long> byOs = new TreeMap<>();
        new HostRepository(store).list(ctx).stream().filter(h -> Host.ACTIVE.equals(h.status()))
                .forEach(h -> byOs.merge(FleetCounters.osName(h), 1L, Long::sum));
        return byOs.entrySet().stream().map(e -> new NamedCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(NamedCount::count).reversed().thenComparing(NamedCount::name)).toList();
    }
}
