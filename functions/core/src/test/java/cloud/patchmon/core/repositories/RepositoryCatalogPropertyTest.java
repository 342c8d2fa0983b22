package cloud.patchmon.core.repositories;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.RepositoryEntry;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever sequence of reports hosts send (repositories appearing, disappearing, being
 * enabled and disabled, duplicated, renamed; hosts deleted; records deleted by an operator), the
 * counters maintained from the diffs equal a recount from the membership items, and the
 * memberships are exactly what the hosts last reported.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class RepositoryCatalogPropertyTest {

    private static final List<String[]> POOL = List.of(
            new String[]{"debian", "http://deb.debian.org/debian", "bookworm", "main"},
            new String[]{"debian-security", "https://security.debian.org/debian-security", "bookworm-security", "main"},
            new String[]{"debian-updates", "http://deb.debian.org/debian", "bookworm-updates", "main"},
            new String[]{"docker", "https://download.docker.com/linux/debian", "bookworm", "stable"},
            new String[]{"nodesource", "https://deb.nodesource.com/node_20.x", "nodistro", "main"},
            new String[]{"mirror", "http://mirror.internal/debian", "bookworm", "main contrib"},
            new String[]{"epel", "https://dl.fedoraproject.org/pub/epel/9/Everything/x86_64", "el9", ""});

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final CanonicalHashes canonical = new CanonicalHashes();
    private DynamoDbClient ddb;
    private DynamoItemStore store;

    RepositoryCatalogPropertyTest(DynamoDbLocal dynamo) {
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

    private static Map<String, List<Long>> counts(List<Repository> records) {
        return records.stream().collect(Collectors.toMap(Repository::id, r -> List.of(r.hosts(), r.hostsEnabled()), (a, b) -> a, TreeMap::new));
    }

    private static Map<String, List<Long>> counts(Map<String, RepositoryRecount.Counts> recounted) {
        Map<String, List<Long>> result = new TreeMap<>();
        recounted.forEach((id, c) -> result.put(id, List.of(c.hosts(), c.hostsEnabled())));
        return result;
    }

    /** Host id → the repository ids (with enabled flag) its stored report lists. */
    private Set<String> reportedMemberships(ReportService reports, List<AgentAuthenticator.AuthenticatedHost> fleet) {
        Set<String> expected = new TreeSet<>();
        for (AgentAuthenticator.AuthenticatedHost agent : fleet) {
            ReportedRepository.of(reports.details(acme, agent.host().id()).repositories()).values()
                    .forEach(r -> expected.add(r.id() + "/" + agent.host().id() + "/" + r.enabled()));
        }
        return expected;
    }

    private Set<String> storedMemberships(RepositoryCatalog catalog) {
        Set<String> stored = new TreeSet<>();
        for (Repository r : catalog.list(acme)) {
            catalog.links(acme, r.id()).forEach(l -> stored.add(l.repositoryId() + "/" + l.hostId() + "/" + l.enabled()));
        }
        return stored;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 11, 2026})
    void maintainedCountersEqualARecountAfterRandomReports(long seed) {
        Random random = new Random(seed);
        PasswordHasher hasher = new PasswordHasher(4);
        HostService hosts = new HostService(store, hasher, clock);
        AgentAuthenticator agents = new AgentAuthenticator(store, hasher, clock);
        ReportService reports = new ReportService(store, clock);
        RepositoryCatalog catalog = new RepositoryCatalog(store, clock);
        RepositoryRecount recount = new RepositoryRecount(store, clock);
        RepositoryService service = new RepositoryService(store, reports, clock);
        List<AgentAuthenticator.AuthenticatedHost> fleet = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            HostService.Credentials c = hosts.create(acme, new HostService.NewHost("host-" + h, "linux", List.of(), false, false));
            fleet.add(agents.authenticate(c.host().apiId(), c.apiKey()));
        }
        List<PackageEntry> packages = List.of(PackageEntry.of("bash", "shell", "shells", "5.2", "", false, false, "main"));

        for (int round = 0; round < 30; round++) {
            clock.advance(Duration.ofMinutes(1));
            AgentAuthenticator.AuthenticatedHost agent = fleet.get(random.nextInt(fleet.size()));
            List<RepositoryEntry> repos = new ArrayList<>();
            int size = 1 + random.nextInt(6);
            for (int i = 0; i < size; i++) {
                String[] r = POOL.get(random.nextInt(POOL.size()));
                String url = random.nextInt(4) == 0 ? r[1] + "/" : r[1];
                repos.add(new RepositoryEntry(random.nextBoolean() ? r[0] : r[0] + "-renamed", url, r[2], r[3],
                        random.nextBoolean() ? "deb" : "deb-src", random.nextInt(3) > 0, r[1].startsWith("https")));
            }
            reports.ingest(agent, new ReportService.Report(packages, repos, null, null, null, null, null, null, null,
                    null, null, null, null, Map.of("packagesHash", canonical.packages(packages), "reposHash", canonical.repositories(repos)), 100));
            if (round == 12) {
                List<Repository> known = catalog.list(acme);
                service.delete(acme, known.get(random.nextInt(known.size())).id());
            }
            if (round == 20) {
                AgentAuthenticator.AuthenticatedHost gone = fleet.remove(0);
                hosts.delete(acme, gone.host().id());
            }
            assertThat(counts(catalog.list(acme))).as("round " + round).isEqualTo(counts(recount.compute(acme)));
            assertThat(storedMemberships(catalog)).as("round " + round).isEqualTo(reportedMemberships(reports, fleet));
        }
        assertThat(catalog.list(acme)).isNotEmpty().allSatisfy(r -> assertThat(r.hosts()).isNotNegative());

        // The drift correction leaves correct counters as they are.
        assertThat(recount.run(acme)).isZero();
    }
}
