package cloud.patchmon.core.packages;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostPackageRepository;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.protocol.CanonicalHashes;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever sequence of reports hosts send (packages appearing, disappearing, gaining
 * and losing updates, duplicates, deleted hosts), the aggregates and per-host counters maintained
 * from the diffs equal a full recomputation from the source items, and the package index lists
 * exactly the hosts each aggregate counts.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class PackageCatalogPropertyTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final CanonicalHashes canonical = new CanonicalHashes();
    private DynamoDbClient ddb;
    private DynamoItemStore store;

    PackageCatalogPropertyTest(DynamoDbLocal dynamo) {
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

    /** Orders Debian's rule and plain string order disagree on: 1.10 > 1.9, ~ before the release, the epoch first. */
    private static final List<String> AVAILABLE = List.of("1.10", "1.9", "2.0~rc1", "2.0", "1:0.5");
    private static final List<String> SOURCES = List.of("main", "updates", "security", "");

    private static Map<String, List<Long>> counts(List<PackageSummary> summaries) {
        return summaries.stream().collect(Collectors.toMap(PackageSummary::name,
                s -> List.of(s.hostsInstalled(), s.hostsNeedingUpdate(), s.hostsSecurity()), (a, b) -> a, TreeMap::new));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void maintainedAggregatesEqualARecomputationAfterRandomReports(long seed) {
        Random random = new Random(seed);
        PasswordHasher hasher = new PasswordHasher(4);
        HostService hosts = new HostService(store, hasher, clock);
        AgentAuthenticator agents = new AgentAuthenticator(store, hasher, clock);
        ReportService reports = new ReportService(store, clock);
        PackageCatalog catalog = new PackageCatalog(store);
        PackageRecount recount = new PackageRecount(store);
        HostPackageRepository installations = new HostPackageRepository(store);
        List<AgentAuthenticator.AuthenticatedHost> fleet = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            HostService.Credentials c = hosts.create(acme, new HostService.NewHost("host-" + h, "linux", List.of(), false, false));
            fleet.add(agents.authenticate(c.host().apiId(), c.apiKey()));
        }

        // The oracle of the latest version: the newest reported since some host last started having the package.
        Map<String, String> newestSeen = new TreeMap<>();
        for (int round = 0; round < 25; round++) {
            AgentAuthenticator.AuthenticatedHost agent = fleet.get(random.nextInt(fleet.size()));
            List<PackageEntry> packages = new ArrayList<>();
            Map<String, String> reported = new TreeMap<>();
            int size = 1 + random.nextInt(12);
            for (int i = 0; i < size; i++) {
                String name = "pkg-" + random.nextInt(15);
                boolean outdated = random.nextBoolean();
                String current = "1." + random.nextInt(12);
                String available = outdated ? AVAILABLE.get(random.nextInt(AVAILABLE.size())) : "";
                packages.add(PackageEntry.of(name, "desc " + name, "utils", current, available,
                        outdated, outdated && random.nextBoolean(), SOURCES.get(random.nextInt(SOURCES.size()))));
                // Last wins on duplicates, as for the stored packages.
                reported.put(name, outdated ? available : current);
            }
            reports.ingest(agent, new ReportService.Report(packages, null, null, null, null, null, null, null, null,
                    null, null, null, null, Map.of("packagesHash", canonical.packages(packages)), 100));
            reported.forEach((name, version) -> newestSeen.merge(name, version, (a, b) -> VersionOrder.compare(a, b) < 0 ? b : a));
            if (round == 15) {
                AgentAuthenticator.AuthenticatedHost gone = fleet.remove(0);
                hosts.delete(acme, gone.host().id());
            }
            newestSeen.keySet().removeIf(name -> installations.installations(acme, name).isEmpty());

            List<PackageSummary> maintained = catalog.list(acme);
            assertThat(maintained).as("round " + round).containsExactlyElementsOf(recount.compute(acme).values());
            Map<String, String> latest = new TreeMap<>();
            maintained.forEach(m -> latest.put(m.name(), m.latestVersion()));
            assertThat(latest).as("latest versions, round " + round).isEqualTo(newestSeen);
            for (AgentAuthenticator.AuthenticatedHost member : fleet) {
                List<HostPackage> items = installations.list(acme, member.host().id());
                assertThat(new HostRepository(store).find(acme, member.host().id()).orElseThrow().counts()).as("host counts, round " + round)
                        .isEqualTo(new Host.PackageCounts(items.size(), (int) items.stream().filter(HostPackage::needsUpdate).count(),
                                (int) items.stream().filter(HostPackage::securityUpdate).count()));
            }
            for (PackageSummary s : maintained) {
                List<HostPackageRepository.Installation> hostsOf = installations.installations(acme, s.name());
                assertThat(hostsOf).as("index of " + s.name()).hasSize((int) s.hostsInstalled());
                assertThat(s.sourceRepositories()).as("repositories of " + s.name()).isEqualTo(hostsOf.stream()
                        .filter(i -> i.sourceRepository() != null)
                        .collect(Collectors.groupingBy(HostPackageRepository.Installation::sourceRepository, Collectors.counting())));
            }
        }
        assertThat(catalog.list(acme)).isNotEmpty().allSatisfy(s -> assertThat(s.description()).startsWith("desc "));

        // The drift correction leaves correct aggregates as they are, writing nothing.
        Map<String, List<Long>> before = counts(catalog.list(acme));
        assertThat(recount.run(acme)).isZero();
        assertThat(counts(catalog.list(acme))).isEqualTo(before);

        // Drift (a lost update, a counter left behind for a package no host has) is corrected.
        String drifted = before.keySet().iterator().next();
        catalog.adjust(acme, drifted, new PackageCatalog.Delta(2, 1, 0, Map.of()), null, null, null);
        catalog.adjust(acme, "ghost-package", new PackageCatalog.Delta(1, 1, 1, Map.of()), null, null, null);
        assertThat(recount.run(acme)).isEqualTo(2);
        assertThat(counts(catalog.list(acme))).isEqualTo(before);
    }
}
