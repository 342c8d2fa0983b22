package cloud.patchmon.core.packages;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostPackageRepository;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class PackageDetailIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
    private final CanonicalHashes canonical = new CanonicalHashes();
    private final CapacityMeter meter = new CapacityMeter();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private HostService hosts;
    private AgentAuthenticator agents;
    private ReportService reports;
    private PackageQueryService queries;

    PackageDetailIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        PasswordHasher hasher = new PasswordHasher(4);
        hosts = new HostService(store, hasher, clock);
        agents = new AgentAuthenticator(store, hasher, clock);
        reports = new ReportService(store, clock);
        queries = new PackageQueryService(store);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private AgentAuthenticator.AuthenticatedHost host(TenantContext ctx, String name) {
        HostService.Credentials c = hosts.create(ctx, new HostService.NewHost(name, "linux", List.of(), false, false));
        return agents.authenticate(c.host().apiId(), c.apiKey());
    }

    private void report(AgentAuthenticator.AuthenticatedHost agent, List<PackageEntry> packages) {
        reports.ingest(agent, new ReportService.Report(packages, null, null, null, null, null, null, null, null,
                null, null, null, null, Map.of("packagesHash", canonical.packages(packages)), 100));
    }

    private static PackageEntry upToDate(String name, String repo) {
        return PackageEntry.of(name, name + " library", "libs", "1.0", "", false, false, repo);
    }

    private static PackageEntry outdated(String name, boolean security, String repo) {
        return PackageEntry.of(name, name + " library", "libs", "1.0", "1.1", true, security, repo);
    }

    private static PackageQueryService.Query query(String filter, String host) {
        return new PackageQueryService.Query(null, null, filter, host, null, null, 1, 25);
    }

    @Test
    void theDetailListsTheHostsOfAPackageWithTheirVersionsAndRepositories() {
        var web = host(acme, "web-01");
        var db = host(acme, "db-01");
        var cache = host(acme, "cache-01");
        report(web, List.of(outdated("openssl", true, "jammy-security"), upToDate("curl", "jammy")));
        report(db, List.of(outdated("openssl", false, "jammy-updates"), upToDate("curl", "jammy")));
        clock.advance(Duration.ofMinutes(5));
        report(cache, List.of(upToDate("openssl", "jammy")));

        PackageQueryService.Detail detail = queries.detail(acme, "openssl");
        assertThat(detail.summary().hostsInstalled()).isEqualTo(3);
        assertThat(detail.summary().hostsNeedingUpdate()).isEqualTo(2);
        assertThat(detail.summary().hostsSecurity()).isEqualTo(1);
        assertThat(detail.upToDate()).isEqualTo(1);
        assertThat(detail.summary().description()).isEqualTo("openssl library");
        assertThat(detail.repositories()).containsExactly(new PackageQueryService.RepositoryUse("jammy", 1),
                new PackageQueryService.RepositoryUse("jammy-security", 1), new PackageQueryService.RepositoryUse("jammy-updates", 1));
        assertThat(detail.lastReportedAt()).isEqualTo(clock.instant());

        PackageQueryService.HostsResult all = queries.hosts(acme, "openssl", new PackageQueryService.HostsQuery(false, null, 1, 25));
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.hosts()).extracting(r -> r.host().friendlyName()).containsExactly("web-01", "db-01", "cache-01");
        assertThat(all.hosts().get(0).installation().availableVersion()).isEqualTo("1.1");
        assertThat(all.hosts().get(0).installation().sourceRepository()).isEqualTo("jammy-security");

        PackageQueryService.HostsResult pending = queries.hosts(acme, "openssl", new PackageQueryService.HostsQuery(true, null, 1, 25));
        assertThat(pending.hosts()).extracting(r -> r.host().friendlyName()).containsExactly("web-01", "db-01");
        assertThat(queries.hosts(acme, "openssl", new PackageQueryService.HostsQuery(false, "DB", 1, 25)).hosts())
                .extracting(r -> r.host().friendlyName()).containsExactly("db-01");
        assertThat(queries.hosts(acme, "openssl", new PackageQueryService.HostsQuery(false, null, 2, 25)).hosts()).isEmpty();

        // A package that left a host's report leaves the index with it.
        report(cache, List.of(upToDate("zlib", "jammy")));
        assertThat(queries.hosts(acme, "openssl", new PackageQueryService.HostsQuery(false, null, 1, 25)).total()).isEqualTo(2);
    }

    @Test
    void anUnknownPackageOrAnotherTenantsPackageIsNotFound() {
        report(host(acme, "web-01"), List.of(outdated("openssl", true, "main")));
        host(rival, "other");

        for (String name : new String[]{"nope", "", "x".repeat(2000)}) {
            assertThatThrownBy(() -> queries.detail(acme, name)).isInstanceOf(DomainException.class).hasMessage("Package not found");
        }
        assertThatThrownBy(() -> queries.detail(rival, "openssl")).hasMessage("Package not found");
        assertThatThrownBy(() -> queries.hosts(rival, "openssl", new PackageQueryService.HostsQuery(false, null, 1, 25)))
                .hasMessage("Package not found");
        assertThat(queries.search(rival, query(null, null)).total()).isZero();
        assertThat(queries.search(rival, query(null, null)).summary().outdatedHosts()).isZero();
        assertThatThrownBy(() -> queries.hosts(acme, "openssl", new PackageQueryService.HostsQuery(false, null, 0, 25)))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> queries.hosts(acme, "openssl", new PackageQueryService.HostsQuery(false, null, 1, 30)))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void manyHostsAreJoinedFromTheHostListInOneQuery() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < PackageQueryService.HOST_GETS + 5; i++) {
            String name = String.format("node-%02d", i);
            names.add(name);
            report(host(acme, name), List.of(i % 3 == 0 ? outdated("bash", false, "main") : upToDate("bash", "main")));
        }
        PackageQueryService.HostsResult page = queries.hosts(acme, "bash", new PackageQueryService.HostsQuery(false, null, 2, 25));
        assertThat(page.total()).isEqualTo(names.size());
        assertThat(page.hosts()).hasSize(names.size() - 25);
        assertThat(queries.hosts(acme, "bash", new PackageQueryService.HostsQuery(true, null, 1, 25)).total()).isEqualTo(10);
    }

    @Test
    void theSummaryCountsOutdatedHostsByUpdateKindAndHost() {
        var web = host(acme, "web-01");
        var db = host(acme, "db-01");
        host(acme, "idle");
        report(web, List.of(outdated("openssl", true, "main"), outdated("vim", false, "main")));
        report(db, List.of(outdated("vim", false, "main"), upToDate("curl", "main")));

        assertThat(queries.search(acme, query(null, null)).summary())
                .isEqualTo(new PackageQueryService.Summary(3, 4, 2, 1, 2));
        assertThat(queries.search(acme, query("security", null)).summary().outdatedHosts()).isEqualTo(1);
        assertThat(queries.search(acme, query("regular", null)).summary().outdatedHosts()).isEqualTo(2);
        assertThat(queries.search(acme, query(null, db.host().id())).summary().outdatedHosts()).isEqualTo(1);
        assertThat(queries.search(acme, query(null, null)).categories()).containsExactly("libs");

        // The host catches up: it no longer counts, and a deleted host counts no more.
        report(db, List.of(upToDate("vim", "main"), upToDate("curl", "main")));
        assertThat(queries.search(acme, query(null, null)).summary().outdatedHosts()).isEqualTo(1);
        hosts.delete(acme, web.host().id());
        assertThat(queries.search(acme, query(null, null)).summary().outdatedHosts()).isZero();
    }

    @Test
    void theIndexEntryOfAChangedPackageKeepsTenChangesWithinFortyWriteUnits() {
        var web = host(acme, "web-01");
        List<PackageEntry> base = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            base.add(upToDate("pkg-" + i, "main"));
        }
        report(web, base);
        List<PackageEntry> changed = new ArrayList<>(base);
        for (int i = 0; i < 10; i++) {
            changed.set(i, outdated("pkg-" + i, i % 2 == 0, "main"));
        }
        double unchangedUnits;
        try (CapacityMeter.Scope scope = meter.open()) {
            report(web, base);
            unchangedUnits = scope.tally().writeUnits();
        }
        double changedUnits;
        try (CapacityMeter.Scope scope = meter.open()) {
            report(web, changed);
            changedUnits = scope.tally().writeUnits();
        }
        assertThat(unchangedUnits).as("an unchanged report writes no package item, so no index entry (host, state twice, history row, hourly report counter)").isLessThanOrEqualTo(5);
        // 10 package items + their 10 index entries + 10 aggregates + the host's counters + host, state, history.
        assertThat(changedUnits).as("write units of a report changing 10 packages").isBetween(30.0, 40.0);
        assertThat(new HostPackageRepository(store).installations(acme, "pkg-3")).extracting(HostPackageRepository.Installation::hostId)
                .containsExactly(web.host().id());
        assertThat(new HostPackageRepository(store).list(acme, web.host().id())).extracting(HostPackage::name).hasSize(200);
    }
}
