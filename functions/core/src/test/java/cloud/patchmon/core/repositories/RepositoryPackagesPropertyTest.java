package cloud.patchmon.core.repositories;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.RepositoryEntry;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.repositories.RepositoryPackages.RepositoryPackage;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever hosts report (packages changing version, update state and source label;
 * repository lists changing under unchanged packages; repos-only and packages-only partial
 * reports), and whatever operators do (delete hosts, delete repository records), the
 * "packages per repository" aggregates maintained from the diffs equal a recount from the hosts'
 * packages and repository lists, and the drift correction then finds nothing to fix.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class RepositoryPackagesPropertyTest {

    private static final List<RepositoryEntry> POOL = List.of(
            new RepositoryEntry("debian", "http://deb.debian.org/debian", "bookworm", "main contrib", "deb", true, false),
            new RepositoryEntry("debian-security", "https://security.debian.org/debian-security", "bookworm-security", "main", "deb", true, true),
            new RepositoryEntry("debian-updates", "http://deb.debian.org/debian", "bookworm-updates", "main", "deb", true, false),
            new RepositoryEntry("docker", "https://download.docker.com/linux/debian", "bookworm", "stable", "deb", true, true),
            new RepositoryEntry("nodesource", "https://deb.nodesource.com/node_20.x", "nodistro", "main", "deb", false, true),
            new RepositoryEntry("epel", "https://dl.fedoraproject.org/pub/epel/9/Everything/x86_64", "", "", "rpm", true, true));
    private static final List<String> LABELS = List.of("bookworm", "bookworm-security", "bookworm-updates, bookworm-security",
            "debian bookworm/main", "docker bookworm/stable", "nodistro", "epel", "BOOKWORM/contrib", "unknown-suite", "");
    private static final List<String> NAMES = List.of("bash", "curl", "openssl", "docker-ce", "nodejs", "htop", "vim", "zlib1g");

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final CanonicalHashes canonical = new CanonicalHashes();
    private DynamoDbClient ddb;
    private DynamoItemStore store;

    RepositoryPackagesPropertyTest(DynamoDbLocal dynamo) {
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

    private static List<PackageEntry> randomPackages(Random random) {
        List<PackageEntry> packages = new ArrayList<>();
        for (String name : NAMES) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            boolean outdated = random.nextBoolean();
            packages.add(PackageEntry.of(name, null, null, "1." + random.nextInt(3), outdated ? "2.0" : "", outdated,
                    outdated && random.nextBoolean(), LABELS.get(random.nextInt(LABELS.size()))));
        }
        if (packages.isEmpty()) {
            packages.add(PackageEntry.of("base-files", null, null, "12", "", false, false, "bookworm"));
        }
        return packages;
    }

    private static List<RepositoryEntry> randomRepositories(Random random) {
        List<RepositoryEntry> repos = new ArrayList<>();
        for (RepositoryEntry r : POOL) {
            if (random.nextInt(3) > 0) {
                repos.add(random.nextInt(5) == 0 ? new RepositoryEntry(r.name() + "-renamed", r.url(), r.distribution(), r.components(),
                        r.repoType(), r.isEnabled(), r.isSecure()) : r);
            }
        }
        if (repos.isEmpty()) {
            repos.add(POOL.get(0));
        }
        return repos;
    }

    private Map<String, List<RepositoryPackage>> maintained(RepositoryPackages aggregates, Set<String> ids) {
        Map<String, List<RepositoryPackage>> result = new TreeMap<>();
        for (String id : ids) {
            List<RepositoryPackage> rows = aggregates.list(acme, id);
            if (!rows.isEmpty()) {
                result.put(id, rows);
            }
        }
        return result;
    }

    private static Map<String, List<RepositoryPackage>> recounted(Map<String, Map<String, RepositoryPackage>> computed) {
        Map<String, List<RepositoryPackage>> result = new TreeMap<>();
        computed.forEach((id, rows) -> result.put(id, List.copyOf(rows.values())));
        return result;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 17, 2026})
    void maintainedAggregatesEqualARecountAfterRandomReports(long seed) {
        Random random = new Random(seed);
        PasswordHasher hasher = new PasswordHasher(4);
        HostService hosts = new HostService(store, hasher, clock);
        AgentAuthenticator agents = new AgentAuthenticator(store, hasher, clock);
        ReportService reports = new ReportService(store, clock);
        RepositoryService service = new RepositoryService(store, reports, clock);
        RepositoryPackages aggregates = new RepositoryPackages(store);
        RepositoryPackageRecount recount = new RepositoryPackageRecount(store, clock);
        List<AgentAuthenticator.AuthenticatedHost> fleet = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            HostService.Credentials c = hosts.create(acme, new HostService.NewHost("host-" + h, "linux", List.of(), false, false));
            fleet.add(agents.authenticate(c.host().apiId(), c.apiKey()));
        }
        Set<String> everyId = new TreeSet<>();
        POOL.forEach(r -> everyId.add(ReportedRepository.idOf(r)));

        for (int round = 0; round < 30; round++) {
            clock.advance(Duration.ofMinutes(1));
            AgentAuthenticator.AuthenticatedHost agent = fleet.get(random.nextInt(fleet.size()));
            List<PackageEntry> packages = randomPackages(random);
            List<RepositoryEntry> repos = randomRepositories(random);
            switch (random.nextInt(3)) {
                case 0 -> reports.ingest(agent, new ReportService.Report(null, repos, null, null, null, null, null, null, null, null, null,
                        null, List.of("repos"), Map.of("reposHash", canonical.repositories(repos)), 100));
                case 1 -> reports.ingest(agent, new ReportService.Report(packages, null, null, null, null, null, null, null, null, null, null,
                        null, List.of("packages"), Map.of("packagesHash", canonical.packages(packages)), 100));
                default -> reports.ingest(agent, new ReportService.Report(packages, repos, null, null, null, null, null, null, null, null,
                        null, null, null, Map.of("packagesHash", canonical.packages(packages), "reposHash", canonical.repositories(repos)), 100));
            }
            if (round == 12 || round == 24) {
                List<Repository> known = new RepositoryCatalog(store, clock).list(acme);
                service.delete(acme, known.get(random.nextInt(known.size())).id());
            }
            if (round == 20) {
                AgentAuthenticator.AuthenticatedHost gone = fleet.remove(0);
                hosts.delete(acme, gone.host().id());
            }
            assertThat(maintained(aggregates, everyId)).as("round " + round).isEqualTo(recounted(recount.compute(acme)));
        }
        assertThat(maintained(aggregates, everyId)).isNotEmpty();

        // The drift correction leaves correct aggregates as they are.
        assertThat(recount.run(acme)).isZero();
    }
}
