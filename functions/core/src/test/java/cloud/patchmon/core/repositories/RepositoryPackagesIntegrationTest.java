package cloud.patchmon.core.repositories;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class RepositoryPackagesIntegrationTest {

    private static final RepositoryEntry DEBIAN = new RepositoryEntry("debian", "http://deb.debian.org/debian", "bookworm", "main", "deb", true, false);
    private static final RepositoryEntry SECURITY = new RepositoryEntry("debian-security", "https://security.debian.org/debian-security", "bookworm-security", "main", "deb", true, true);
    private static final RepositoryEntry DOCKER = new RepositoryEntry("docker", "https://download.docker.com/linux/debian", "bookworm", "stable", "deb", true, true);

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
    private final CapacityMeter meter = new CapacityMeter();
    private final CanonicalHashes canonical = new CanonicalHashes();
    private final PasswordHasher hasher = new PasswordHasher(4);
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private HostService hosts;
    private AgentAuthenticator agents;
    private ReportService reports;
    private RepositoryService repositories;

    RepositoryPackagesIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        hosts = new HostService(store, hasher, clock);
        agents = new AgentAuthenticator(store, hasher, clock);
        reports = new ReportService(store, clock);
        repositories = new RepositoryService(store, reports, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private AgentAuthenticator.AuthenticatedHost host(TenantContext ctx, String name) {
        HostService.Credentials c = hosts.create(ctx, new HostService.NewHost(name, "linux", List.of(), false, false));
        return agents.authenticate(c.host().apiId(), c.apiKey());
    }

    private static PackageEntry pkg(String name, String source) {
        return PackageEntry.of(name, null, null, "1.0", "", false, false, source);
    }

    private static PackageEntry outdated(String name, String source, boolean security) {
        return PackageEntry.of(name, null, null, "1.0", "1.1", true, security, source);
    }

    private void report(AgentAuthenticator.AuthenticatedHost agent, List<PackageEntry> packages, List<RepositoryEntry> repos) {
        reports.ingest(agent, new ReportService.Report(packages, repos, null, null, null, null, null, null, null, null, null, null, null,
                Map.of("packagesHash", canonical.packages(packages), "reposHash", canonical.repositories(repos)), 100));
    }

    /** A partial report of the repos section only: the host's packages stay as stored. */
    private void reportRepos(AgentAuthenticator.AuthenticatedHost agent, List<RepositoryEntry> repos) {
        reports.ingest(agent, new ReportService.Report(null, repos, null, null, null, null, null, null, null, null, null, null,
                List.of("repos"), Map.of("reposHash", canonical.repositories(repos)), 100));
    }

    private static String id(RepositoryEntry entry) {
        return ReportedRepository.idOf(entry);
    }

    private List<RepositoryPackage> packagesOf(TenantContext ctx, RepositoryEntry repo) {
        return repositories.packages(ctx, id(repo), new RepositoryService.PackagesQuery(null, 1, 200)).packages();
    }

    private CapacityMeter.Tally measure(Runnable call) {
        try (CapacityMeter.Scope scope = meter.open()) {
            call.run();
            return scope.tally();
        }
    }

    @Test
    void eachHostsLabelsResolveAgainstItsOwnRepositories() {
        AgentAuthenticator.AuthenticatedHost web = host(acme, "web-01");
        AgentAuthenticator.AuthenticatedHost db = host(acme, "db-01");
        report(web, List.of(pkg("bash", "bookworm"), outdated("openssl", "bookworm-security", true), pkg("vim", "bookworm")),
                List.of(DEBIAN, SECURITY));
        report(db, List.of(pkg("bash", "debian bookworm/main"), outdated("docker-ce", "docker bookworm/stable", false),
                outdated("openssl", "bookworm-security", true)), List.of(DEBIAN, DOCKER));

        assertThat(packagesOf(acme, DEBIAN)).containsExactly(new RepositoryPackage("bash", 2), new RepositoryPackage("vim", 1));
        assertThat(packagesOf(acme, SECURITY)).as("db-01 labels openssl with a suite it has no source for")
                .containsExactly(new RepositoryPackage("openssl", 1));
        assertThat(packagesOf(acme, DOCKER)).containsExactly(new RepositoryPackage("docker-ce", 1));

        // Relabelled and removed packages move; an upgrade alone does not.
        report(web, List.of(pkg("bash", "bookworm"), pkg("openssl", "bookworm-security"), pkg("vim", "bookworm-security")), List.of(DEBIAN, SECURITY));
        report(db, List.of(pkg("bash", "debian bookworm/main"), outdated("openssl", "bookworm-security", true)), List.of(DEBIAN, DOCKER));
        assertThat(packagesOf(acme, DEBIAN)).containsExactly(new RepositoryPackage("bash", 2));
        assertThat(packagesOf(acme, SECURITY)).containsExactly(new RepositoryPackage("openssl", 1), new RepositoryPackage("vim", 1));
        assertThat(packagesOf(acme, DOCKER)).isEmpty();
        assertThat(new RepositoryPackageRecount(store, clock).run(acme)).isZero();
    }

    @Test
    void aChangedRepositoryListReattributesTheHostsStoredPackages() {
        AgentAuthenticator.AuthenticatedHost web = host(acme, "web-01");
        List<PackageEntry> installed = List.of(pkg("bash", "bookworm"), outdated("openssl", "bookworm-security", true));
        report(web, installed, List.of(DEBIAN));
        assertThat(packagesOf(acme, DEBIAN)).extracting(RepositoryPackage::name).containsExactly("bash");

        reportRepos(web, List.of(DEBIAN, SECURITY));
        assertThat(packagesOf(acme, SECURITY)).containsExactly(new RepositoryPackage("openssl", 1));

        report(web, installed, List.of(SECURITY));
        assertThat(packagesOf(acme, DEBIAN)).isEmpty();
        assertThat(packagesOf(acme, SECURITY)).extracting(RepositoryPackage::name).containsExactly("openssl");
        assertThat(new RepositoryPackageRecount(store, clock).run(acme)).isZero();
    }

    @Test
    void hostDeletionSubtractsAndARecordDeletionDropsItsPackagesUntilAHostReportsItAgain() {
        AgentAuthenticator.AuthenticatedHost web = host(acme, "web-01");
        AgentAuthenticator.AuthenticatedHost db = host(acme, "db-01");
        List<PackageEntry> installed = List.of(pkg("bash", "bookworm"), pkg("curl", "bookworm"));
        report(web, installed, List.of(DEBIAN));
        report(db, installed, List.of(DEBIAN));

        hosts.delete(acme, db.host().id());
        assertThat(packagesOf(acme, DEBIAN)).extracting(RepositoryPackage::hosts).containsExactly(1L, 1L);

        repositories.delete(acme, id(DEBIAN));
        assertThatThrownBy(() -> packagesOf(acme, DEBIAN)).hasMessage("Repository not found");
        assertThat(new RepositoryPackages(store).list(acme, id(DEBIAN))).isEmpty();

        report(web, installed, List.of(DEBIAN));
        assertThat(packagesOf(acme, DEBIAN)).containsExactly(new RepositoryPackage("bash", 1), new RepositoryPackage("curl", 1));
        assertThat(new RepositoryPackageRecount(store, clock).run(acme)).isZero();
    }

    @Test
    void searchAndPagesGoByName() {
        AgentAuthenticator.AuthenticatedHost web = host(acme, "web-01");
        List<PackageEntry> installed = new ArrayList<>();
        installed.add(outdated("Zsh", "bookworm", true));
        for (int i = 29; i >= 0; i--) {
            installed.add(pkg(String.format("lib%02d", i), "bookworm"));
        }
        installed.add(pkg("apt", "bookworm"));
        report(web, installed, List.of(DEBIAN));

        RepositoryService.PackagesResult first = repositories.packages(acme, id(DEBIAN), new RepositoryService.PackagesQuery(null, 1, 25));
        assertThat(first.total()).isEqualTo(32);
        assertThat(first.pages()).isEqualTo(2);
        assertThat(first.packages()).hasSize(25);
        assertThat(first.packages()).extracting(RepositoryPackage::name).startsWith("apt", "lib00", "lib01");
        RepositoryService.PackagesResult second = repositories.packages(acme, id(DEBIAN), new RepositoryService.PackagesQuery(null, 2, 25));
        assertThat(second.packages()).extracting(RepositoryPackage::name).as("case is ignored").startsWith("lib24").endsWith("lib29", "Zsh").hasSize(7);

        RepositoryService.PackagesResult found = repositories.packages(acme, id(DEBIAN), new RepositoryService.PackagesQuery(" LIB1", 1, 25));
        assertThat(found.packages()).extracting(RepositoryPackage::name).containsExactly("lib10", "lib11", "lib12", "lib13", "lib14",
                "lib15", "lib16", "lib17", "lib18", "lib19");
        assertThat(repositories.packages(acme, id(DEBIAN), new RepositoryService.PackagesQuery(null, 9, 25)).packages()).isEmpty();
    }

    @Test
    void badPagingAndUnknownOrForeignIdsAreRefused() {
        AgentAuthenticator.AuthenticatedHost web = host(acme, "web-01");
        report(web, List.of(pkg("bash", "bookworm")), List.of(DEBIAN));

        assertThatThrownBy(() -> repositories.packages(acme, id(DEBIAN), new RepositoryService.PackagesQuery(null, 0, 7)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(v -> v.param()).containsExactly("limit", "page"));
        assertThatThrownBy(() -> repositories.packages(acme, "f".repeat(32), new RepositoryService.PackagesQuery(null, 1, 25)))
                .hasMessage("Repository not found");
        assertThatThrownBy(() -> repositories.packages(acme, "../REPOS", new RepositoryService.PackagesQuery(null, 1, 25)))
                .hasMessage("Repository not found");
        assertThatThrownBy(() -> packagesOf(rival, DEBIAN)).as("another tenant's repository").hasMessage("Repository not found");

        // The same source in another organisation has the same id, and only that organisation's packages.
        AgentAuthenticator.AuthenticatedHost theirs = host(rival, "rival-01");
        report(theirs, List.of(pkg("nginx", "bookworm")), List.of(DEBIAN));
        assertThat(packagesOf(rival, DEBIAN)).extracting(RepositoryPackage::name).containsExactly("nginx");
        assertThat(packagesOf(acme, DEBIAN)).extracting(RepositoryPackage::name).containsExactly("bash");
    }

    /**
     * The detail page reads the record and the repository's aggregates: its cost follows the
     * repository's package count, not the fleet's size. Reports pay one unit per package a
     * repository gains or loses, nothing for version or update-state changes, nothing when
     * nothing changed.
     */
    @Test
    void theViewCostsTheSameForOneHostOrFiveAndUnchangedReportsWriteNothingMore() {
        List<PackageEntry> installed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            installed.add(pkg("package-" + i, "bookworm"));
        }
        Map<Integer, CapacityMeter.Tally> views = new HashMap<>();
        List<AgentAuthenticator.AuthenticatedHost> fleet = new ArrayList<>();
        for (int h = 1; h <= 5; h++) {
            AgentAuthenticator.AuthenticatedHost agent = host(acme, "host-" + h);
            fleet.add(agent);
            report(agent, installed, List.of(DEBIAN));
            if (h == 1 || h == 5) {
                views.put(h, measure(() -> repositories.packages(acme, id(DEBIAN), new RepositoryService.PackagesQuery(null, 1, 25))));
            }
        }
        assertThat(packagesOf(acme, DEBIAN)).hasSize(100).allSatisfy(p -> assertThat(p.hosts()).isEqualTo(5));
        assertThat(views.get(5).readUnits()).as("read units, 5 hosts").isEqualTo(views.get(1).readUnits());
        assertThat(views.get(5).readUnits()).as("read units of a 100-package repository").isLessThanOrEqualTo(4);

        AgentAuthenticator.AuthenticatedHost agent = fleet.get(0);
        CapacityMeter.Tally unchanged = measure(() -> report(agent, installed, List.of(DEBIAN)));
        List<PackageEntry> tenChanged = new ArrayList<>(installed);
        for (int i = 0; i < 10; i++) {
            tenChanged.set(i, outdated("package-" + i, "bookworm", false));
        }
        CapacityMeter.Tally changed = measure(() -> report(agent, tenChanged, List.of(DEBIAN)));
        List<PackageEntry> tenInstalled = new ArrayList<>(tenChanged);
        for (int i = 0; i < 10; i++) {
            tenInstalled.add(pkg("new-" + i, "bookworm"));
        }
        CapacityMeter.Tally installedTen = measure(() -> report(agent, tenInstalled, List.of(DEBIAN)));
        assertThat(unchanged.writeUnits()).as("write units of an unchanged report").isLessThanOrEqualTo(5);
        // 10 package items with their index entries (2 each), 10 fleet aggregates, host, state, history and the dashboard's counters.
        assertThat(changed.writeUnits()).as("write units of a report with 10 new updates").isBetween(30.0, 40.0);
        // Up-to-date packages installed move no dashboard counter, which the report with 10 new updates did move once.
        assertThat(installedTen.writeUnits() - changed.writeUnits()).as("10 installed packages: one repository aggregate each").isEqualTo(10.0 - 1);
    }
}
