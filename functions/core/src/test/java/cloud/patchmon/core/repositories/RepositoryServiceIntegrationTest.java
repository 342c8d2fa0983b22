package cloud.patchmon.core.repositories;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.CheckInService;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class RepositoryServiceIntegrationTest {

    private static final RepositoryEntry DEBIAN = new RepositoryEntry("deb-debian", "http://deb.debian.org/debian", "bookworm", "main", "deb", true, false);
    private static final RepositoryEntry DEBIAN_SRC = new RepositoryEntry("deb-src-debian", "http://deb.debian.org/debian/", "bookworm", "main", "deb-src", false, false);
    private static final RepositoryEntry SECURITY = new RepositoryEntry("debian-security", "https://security.debian.org/debian-security", "bookworm-security", "main", "deb", true, true);
    private static final RepositoryEntry DOCKER = new RepositoryEntry("docker", "https://download.docker.com/linux/debian", "bookworm", "stable", "deb", true, true);
    private static final List<PackageEntry> PACKAGES = List.of(PackageEntry.of("bash", "shell", "shells", "5.2", "", false, false, "main"));

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
    private final CapacityMeter meter = new CapacityMeter();
    private final CanonicalHashes canonical = new CanonicalHashes();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private HostService hosts;
    private ReportService reports;
    private RepositoryService repositories;
    private AgentAuthenticator.AuthenticatedHost web;
    private AgentAuthenticator.AuthenticatedHost db;

    RepositoryServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        PasswordHasher hasher = new PasswordHasher(4);
        hosts = new HostService(store, hasher, clock);
        AgentAuthenticator agents = new AgentAuthenticator(store, hasher, clock);
        HostService.Credentials w = hosts.create(acme, new HostService.NewHost("web-01", "linux", List.of(), false, false));
        HostService.Credentials d = hosts.create(acme, new HostService.NewHost("db-01", "linux", List.of(), false, false));
        web = agents.authenticate(w.host().apiId(), w.apiKey());
        db = agents.authenticate(d.host().apiId(), d.apiKey());
        reports = new ReportService(store, clock);
        repositories = new RepositoryService(store, reports, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private void report(AgentAuthenticator.AuthenticatedHost agent, List<RepositoryEntry> repos) {
        reports.ingest(agent, new ReportService.Report(PACKAGES, repos, null, null, null, null, null, null, null, null, null, null, null,
                Map.of("packagesHash", canonical.packages(PACKAGES), "reposHash", canonical.repositories(repos)), 100));
    }

    private Repository named(String name) {
        return repositories.list(acme, new RepositoryService.Filter(name, null, null, null)).stream()
                .filter(r -> r.displayName().equals(name)).findFirst().orElseThrow();
    }

    private double writeUnits(Runnable call) {
        try (CapacityMeter.Scope scope = meter.open()) {
            call.run();
            return scope.tally().writeUnits();
        }
    }

    @Test
    void hostsReportingOneSourceShareOneRecordAndTheCardsCountTheFleet() {
        report(web, List.of(DEBIAN, DEBIAN_SRC, SECURITY));
        report(db, List.of(DEBIAN, DOCKER));

        List<Repository> all = repositories.list(acme, new RepositoryService.Filter(null, null, null, null));
        assertThat(all).extracting(Repository::displayName).containsExactly("deb-debian", "debian-security", "docker");
        Repository debian = named("deb-debian");
        assertThat(debian.hosts()).isEqualTo(2);
        assertThat(debian.hostsEnabled()).isEqualTo(2);
        assertThat(debian.secure()).isFalse();
        assertThat(debian.active()).isTrue();
        assertThat(debian.url()).isEqualTo("http://deb.debian.org/debian");
        assertThat(repositories.summary(acme)).isEqualTo(new RepositoryService.Summary(3, 3, 2, 67));

        assertThat(repositories.list(acme, new RepositoryService.Filter(null, null, "insecure", null))).extracting(Repository::displayName)
                .containsExactly("deb-debian");
        assertThat(repositories.list(acme, new RepositoryService.Filter("DOCKER.COM", null, "secure", null))).hasSize(1);
        assertThat(repositories.list(acme, new RepositoryService.Filter(null, null, null, web.host().id()))).extracting(Repository::displayName)
                .containsExactly("deb-debian", "debian-security");
        assertThat(repositories.get(acme, debian.id()).hosts()).extracting(h -> h.host().friendlyName()).containsExactly("db-01", "web-01");

        // The Hosts count links to the Hosts page filtered to the repository's hosts.
        assertThat(hosts.list(acme, new HostService.Filter(null, null, null, null, false, named("docker").id(), null)))
                .extracting(l -> l.host().friendlyName()).containsExactly("db-01");
        assertThat(hosts.list(acme, new HostService.Filter(null, null, null, null, false, "0".repeat(32), null))).isEmpty();
        assertThat(hosts.list(rival, new HostService.Filter(null, null, null, null, false, debian.id(), null))).as("another tenant's id matches nothing").isEmpty();
        assertThatThrownBy(() -> hosts.list(acme, new HostService.Filter(null, null, null, null, false, "../x", null)))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void aRemovedRepositoryIsKeptInactiveAndHostDeletionSubtracts() {
        report(web, List.of(DEBIAN, SECURITY));
        report(db, List.of(SECURITY));
        report(web, List.of(SECURITY));

        Repository debian = named("deb-debian");
        assertThat(debian.hosts()).isZero();
        assertThat(debian.active()).isFalse();
        assertThat(repositories.list(acme, new RepositoryService.Filter(null, "inactive", null, null))).extracting(Repository::id)
                .containsExactly(debian.id());

        hosts.delete(acme, web.host().id());
        Repository security = named("debian-security");
        assertThat(security.hosts()).isEqualTo(1);
        assertThat(repositories.get(acme, security.id()).hosts()).extracting(h -> h.host().friendlyName()).containsExactly("db-01");
        assertThat(new RepositoryRecount(store, clock).run(acme)).isZero();
    }

    @Test
    void operatorEditsSurviveLaterReportsAndDeactivationOverridesUse() {
        report(web, List.of(DEBIAN));
        Repository debian = named("deb-debian");

        Repository edited = repositories.update(acme, debian.id(), new RepositoryService.Edit("Debian main", "approved HTTP: GPG-signed", false, 10));
        assertThat(edited.active()).isFalse();
        report(db, List.of(DEBIAN));

        Repository after = repositories.get(acme, debian.id()).repository();
        assertThat(after.displayName()).isEqualTo("Debian main");
        assertThat(after.description()).isEqualTo("approved HTTP: GPG-signed");
        assertThat(after.priority()).isEqualTo(10);
        assertThat(after.hosts()).isEqualTo(2);
        assertThat(after.active()).isFalse();

        Repository cleared = repositories.update(acme, debian.id(), new RepositoryService.Edit(null, " ", true, null));
        assertThat(cleared.description()).isNull();
        assertThat(cleared.displayName()).isEqualTo("Debian main");
        assertThat(cleared.active()).isTrue();
    }

    @Test
    void badEditsAndUnknownIdsAreRefusedAndChangeNothing() {
        report(web, List.of(DEBIAN));
        Repository debian = named("deb-debian");

        assertThatThrownBy(() -> repositories.update(acme, debian.id(), new RepositoryService.Edit(" ", "x".repeat(1001), null, -1)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).hasSize(3));
        assertThatThrownBy(() -> repositories.get(acme, "f".repeat(32))).hasMessage("Repository not found");
        assertThatThrownBy(() -> repositories.get(acme, "../REPOS")).hasMessage("Repository not found");
        assertThatThrownBy(() -> repositories.list(acme, new RepositoryService.Filter(null, "sleeping", "https", null)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).hasSize(2));
        assertThatThrownBy(() -> repositories.list(acme, new RepositoryService.Filter(null, null, null, "no-such-host"))).hasMessage("Host not found");
        assertThat(repositories.get(acme, debian.id()).repository()).isEqualTo(debian);

        assertThatThrownBy(() -> repositories.get(rival, debian.id())).hasMessage("Repository not found");
        assertThatThrownBy(() -> repositories.update(rival, debian.id(), new RepositoryService.Edit("pwned", null, null, null))).hasMessage("Repository not found");
        assertThatThrownBy(() -> repositories.delete(rival, debian.id())).hasMessage("Repository not found");
        assertThatThrownBy(() -> repositories.list(rival, new RepositoryService.Filter(null, null, null, web.host().id()))).hasMessage("Host not found");
        assertThat(repositories.list(rival, new RepositoryService.Filter(null, null, null, null))).isEmpty();
        assertThat(repositories.get(acme, debian.id()).repository()).isEqualTo(debian);
    }

    @Test
    void aDeletedRecordComesBackWhenAHostStillReportsIt() {
        report(web, List.of(DEBIAN, SECURITY));
        report(db, List.of(DEBIAN));
        Repository debian = named("deb-debian");
        repositories.update(acme, debian.id(), new RepositoryService.Edit("Renamed", null, null, null));
        CheckInService checkIns = new CheckInService(store, clock);
        Map<String, String> hashes = Map.of("packagesHash", canonical.packages(PACKAGES), "reposHash", canonical.repositories(List.of(DEBIAN, SECURITY)));
        assertThat(checkIns.checkIn(web, new CheckInService.CheckIn(hashes, Map.of(), "2.1.0", 1L)).requestFull()).doesNotContain("repos");

        repositories.delete(acme, debian.id());

        assertThatThrownBy(() -> repositories.get(acme, debian.id())).hasMessage("Repository not found");
        assertThat(repositories.summary(acme).totalRepositories()).isEqualTo(1);
        assertThat(checkIns.checkIn(web, new CheckInService.CheckIn(hashes, Map.of(), "2.1.0", 1L)).requestFull()).contains("repos");

        report(web, List.of(DEBIAN, SECURITY));
        Repository back = repositories.get(acme, debian.id()).repository();
        assertThat(back.displayName()).isEqualTo("deb-debian");
        assertThat(back.hosts()).isEqualTo(1);
        assertThat(named("debian-security").hosts()).isEqualTo(1);
        assertThat(new RepositoryRecount(store, clock).run(acme)).isZero();
    }

    @Test
    void repositoryWritesHappenOnlyWhenTheReposSectionChanges() {
        report(web, List.of(DEBIAN, SECURITY));
        double unchanged = writeUnits(() -> report(web, List.of(DEBIAN, SECURITY)));
        double reordered = writeUnits(() -> report(web, List.of(SECURITY, DEBIAN)));
        double added = writeUnits(() -> report(web, List.of(SECURITY, DEBIAN, DOCKER)));

        assertThat(unchanged).as("unchanged report").isLessThanOrEqualTo(5);
        assertThat(reordered - unchanged).as("reordered list: only the host details item is rewritten").isLessThanOrEqualTo(1);
        assertThat(added - unchanged).as("one new repository: membership, counter, details").isLessThanOrEqualTo(3);
    }
}
