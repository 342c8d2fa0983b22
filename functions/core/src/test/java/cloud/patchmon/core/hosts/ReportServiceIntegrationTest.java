package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.RepositoryEntry;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.repositories.RepositoryCatalog;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class ReportServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final CapacityMeter meter = new CapacityMeter();
    private final CanonicalHashes canonical = new CanonicalHashes();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private ReportService reports;
    private CheckInService checkIns;
    private HostService hosts;
    private AgentAuthenticator.AuthenticatedHost agent;

    ReportServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        PasswordHasher hasher = new PasswordHasher(4);
        hosts = new HostService(store, hasher, clock);
        HostService.Credentials created = hosts.create(acme, new HostService.NewHost("web-01", "linux", List.of(), false, false));
        agent = new AgentAuthenticator(store, hasher, clock).authenticate(created.host().apiId(), created.apiKey());
        reports = new ReportService(store, clock);
        checkIns = new CheckInService(store, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private static List<PackageEntry> packages(int count, int outdated) {
        List<PackageEntry> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean old = i < outdated;
            list.add(PackageEntry.of("pkg-" + i, "package " + i, "utils", "1.0." + i, old ? "1.1." + i : "", old, old && i % 2 == 0, "bookworm/main"));
        }
        return list;
    }

    private static final List<RepositoryEntry> REPOS = List.of(new RepositoryEntry("debian", "http://deb.debian.org/debian", "bookworm", "main", "deb", true, false));

    private ReportService.Report full(List<PackageEntry> packages) {
        return new ReportService.Report(packages, REPOS, List.of(), "web01.example.com", "10.0.0.5", "Debian", "12", "x86_64", "2.1.0",
                false, null, Map.of("cpuCores", 2), null, Map.of("packagesHash", canonical.packages(packages)), 1000);
    }

    private <T> T measured(Supplier<T> call, double[] writeUnits) {
        try (CapacityMeter.Scope scope = meter.open()) {
            T result = call.get();
            writeUnits[0] = scope.tally().writeUnits();
            return result;
        }
    }

    @Test
    void aFullReportStoresEveryPackageActivatesTheHostAndSatisfiesTheNextCheckIn() {
        ReportService.Result result = reports.ingest(agent, full(packages(50, 7)));

        assertThat(result).isEqualTo(new ReportService.Result(50, 7, 4));
        assertThat(new HostPackageRepository(store).list(acme, agent.host().id())).hasSize(50);
        Host host = hosts.get(acme, agent.host().id());
        assertThat(host.status()).isEqualTo("active");
        assertThat(host.hostname()).isEqualTo("web01.example.com");
        assertThat(host.osType()).isEqualTo("Debian");
        assertThat(host.lastUpdate()).isEqualTo(clock.instant());

        Map<String, String> hashes = Map.of("packagesHash", canonical.packages(packages(50, 7)), "reposHash", canonical.repositories(REPOS),
                "interfacesHash", canonical.interfaces(List.of()), "hostnameHash", canonical.hostname("web01.example.com"));
        assertThat(checkIns.checkIn(agent, new CheckInService.CheckIn(hashes, Map.of(), "2.1.0", 1L)).requestFull()).isEmpty();
    }

    @Test
    void unchangedAndSlightlyChangedReportsOfTwoThousandPackagesCostFewWrites() {
        double[] first = {0};
        measured(() -> reports.ingest(agent, full(packages(2000, 100))), first);
        assertThat(first[0]).isGreaterThanOrEqualTo(2000);

        double[] unchanged = {0};
        ReportService.Result again = measured(() -> reports.ingest(agent, full(packages(2000, 100))), unchanged);
        assertThat(again).isEqualTo(new ReportService.Result(2000, 100, 50));
        assertThat(unchanged[0]).as("write units of an unchanged full report").isLessThanOrEqualTo(5);

        List<PackageEntry> changed = packages(2000, 110);
        double[] ten = {0};
        ReportService.Result tenChanged = measured(() -> reports.ingest(agent, full(changed)), ten);
        assertThat(tenChanged.updatesAvailable()).isEqualTo(110);
        assertThat(ten[0]).as("write units of a report changing 10 packages").isLessThanOrEqualTo(40);
    }

    @Test
    void removedPackagesAreDeletedAndARetriedReportCountsNothingTwice() {
        reports.ingest(agent, full(packages(20, 5)));
        ReportService.Result shrunk = reports.ingest(agent, full(packages(12, 5)));
        ReportService.Result retried = reports.ingest(agent, full(packages(12, 5)));

        assertThat(shrunk).isEqualTo(retried).isEqualTo(new ReportService.Result(12, 5, 3));
        assertThat(new HostPackageRepository(store).list(acme, agent.host().id())).extracting(HostPackage::name).hasSize(12).doesNotContain("pkg-15");
    }

    @Test
    void sectionRulesAndHashMismatchesAre400sThatChangeNothing() {
        List<PackageEntry> pkgs = packages(3, 1);
        assertThatThrownBy(() -> reports.ingest(agent, new ReportService.Report(List.of(), null, null, null, null, null, null, null, null,
                null, null, null, null, null, 10))).hasMessage("Packages are required for a full report");
        assertThatThrownBy(() -> reports.ingest(agent, new ReportService.Report(pkgs, REPOS, null, null, null, null, null, null, null,
                null, null, null, List.of("packages"), null, 10))).hasMessage("Section repos was sent but not claimed");
        assertThatThrownBy(() -> reports.ingest(agent, new ReportService.Report(null, null, null, null, null, null, null, null, null,
                null, null, null, List.of("repos"), null, 10))).hasMessage("Section repos was claimed but sent empty");
        assertThatThrownBy(() -> reports.ingest(agent, new ReportService.Report(pkgs, null, null, null, null, null, null, null, null,
                true, null, null, List.of("packages"), null, 10))).hasMessage("A partial report must not carry needsReboot");
        assertThatThrownBy(() -> reports.ingest(agent, new ReportService.Report(pkgs, null, null, null, null, null, null, null, null,
                null, null, null, null, Map.of("packagesHash", "0".repeat(64)), 10))).hasMessage("packages hash mismatch");
        ReportService.Report base = full(packages(3, 0));
        assertThatThrownBy(() -> reports.ingest(agent, new ReportService.Report(base.packages(), base.repositories(), base.networkInterfaces(),
                base.hostname(), base.ip(), base.osType(), base.osVersion(), base.architecture(), base.agentVersion(), base.needsReboot(),
                base.rebootReason(), base.system(), base.sections(), base.hashes(), base.payloadBytes(), -1L)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param)
                        .containsExactly("agentExecutionMs"));
        assertThatThrownBy(() -> reports.ingest(agent, full(packages(10_001, 0)))).isInstanceOf(DomainException.class)
                .hasMessageContaining("10000");

        assertThat(new HostPackageRepository(store).list(acme, agent.host().id())).isEmpty();
        assertThat(hosts.get(acme, agent.host().id()).status()).isEqualTo("pending");
    }

    /** Everything a report can change: the host, its state, packages, details and history, and the fleet aggregates. */
    private record Stored(Host host, HostState state, List<HostPackage> packages, ReportService.HostDetails details, List<?> history,
                          List<?> aggregates, List<?> repositories) {
    }

    private Stored stored() {
        String id = agent.host().id();
        return new Stored(hosts.get(acme, id), new HostStateRepository(store).find(acme, id), new HostPackageRepository(store).list(acme, id),
                reports.details(acme, id), new HostInventoryService(store, reports).reports(acme, id, 100, null).items(),
                new PackageCatalog(store).list(acme), new RepositoryCatalog(store, clock).list(acme));
    }

    private ReportService.Report withLists(List<PackageEntry> packages, List<RepositoryEntry> repositories,
                                           List<NetworkInterface> interfaces) {
        return new ReportService.Report(packages, repositories, interfaces, "web01.example.com", "10.0.0.5", "Debian", "12", "x86_64", "2.1.0",
                false, null, Map.of(), null, Map.of(), 1000);
    }

    private List<String> refusedParams(ReportService.Report report) {
        List<String> params = new ArrayList<>();
        assertThatThrownBy(() -> reports.ingest(agent, report)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(DomainException.Kind.VALIDATION);
            assertThat(e.violations()).allSatisfy(v -> assertThat(v.location()).isEqualTo("body"));
            e.violations().forEach(v -> params.add(v.param()));
        });
        return params;
    }

    @Test
    void nullEntriesAndMissingRequiredPackageFieldsAreRefusedByPathAndChangeNothing() {
        NetworkInterface.Address v4 = new NetworkInterface.Address("10.0.0.5", "inet", "/24", null);
        NetworkInterface eth0 = NetworkInterface.of("eth0", "ethernet", null, List.of(v4));
        reports.ingest(agent, withLists(packages(4, 1), REPOS, List.of(eth0)));
        Stored before = stored();
        List<PackageEntry> good = packages(3, 0);

        List<PackageEntry> withNull = new ArrayList<>(good);
        withNull.add(1, null);
        assertThat(refusedParams(withLists(withNull, REPOS, List.of()))).containsExactly("packages[1]");
        assertThat(refusedParams(withLists(List.of(good.get(0), PackageEntry.of(" ", null, null, "1", null, false, false, null),
                PackageEntry.of("vim", null, null, null, null, true, false, null)), REPOS, List.of())))
                .containsExactly("packages[1].name", "packages[2].currentVersion");
        List<RepositoryEntry> repos = new ArrayList<>(REPOS);
        repos.add(null);
        assertThat(refusedParams(withLists(good, repos, List.of()))).containsExactly("repositories[1]");
        List<NetworkInterface> interfaces = new ArrayList<>();
        interfaces.add(null);
        interfaces.add(NetworkInterface.of("eth1", "ethernet", null, Arrays.asList(v4, null)));
        assertThat(refusedParams(withLists(good, REPOS, interfaces))).containsExactly("networkInterfaces[0]", "networkInterfaces[1].addresses[1]");
        assertThat(refusedParams(new ReportService.Report(null, null, null, "h", null, null, null, null, null, null, null, null,
                Arrays.asList("hostname", null), null, 10))).containsExactly("sections[1]");
        List<PackageEntry> versionless = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            versionless.add(PackageEntry.of("pkg-" + i, null, null, null, null, false, false, null));
        }
        assertThat(refusedParams(withLists(versionless, REPOS, List.of()))).as("the first problems only")
                .hasSize(ReportService.MAX_VIOLATIONS).startsWith("packages[0].currentVersion");

        assertThat(stored()).isEqualTo(before);
        assertThat(reports.ingest(agent, withLists(List.of(PackageEntry.of("kb5034441", null, "Windows Update", "", null, true, true, null)), REPOS,
                List.of(NetworkInterface.of("lo", "loopback", null, null)))).packagesProcessed())
                .as("an empty current version and an interface without addresses are what agents send").isEqualTo(1);
    }

    @Test
    void aPartialReportUpdatesOnlyItsSections() {
        reports.ingest(agent, full(packages(10, 2)));
        List<PackageEntry> newer = packages(11, 3);

        ReportService.Result result = reports.ingest(agent, new ReportService.Report(newer, null, null, null, null, null, null, null, null,
                null, null, null, List.of("packages"), Map.of("packagesHash", canonical.packages(newer)), 10));

        assertThat(result).isEqualTo(new ReportService.Result(11, 3, 2));
        assertThat(hosts.get(acme, agent.host().id()).hostname()).isEqualTo("web01.example.com");
        assertThat(reports.details(acme, agent.host().id()).repositories()).isEqualTo(REPOS);
    }

    @Test
    void theHostDetailTabsReadWhatWasReported() {
        HostInventoryService inventory = new HostInventoryService(store, reports);
        reports.ingest(agent, full(packages(6, 3)));
        clock.advance(java.time.Duration.ofMinutes(1));
        ReportService.Report timed = full(packages(6, 4));
        reports.ingest(agent, new ReportService.Report(timed.packages(), timed.repositories(), timed.networkInterfaces(), timed.hostname(),
                timed.ip(), timed.osType(), timed.osVersion(), timed.architecture(), timed.agentVersion(), timed.needsReboot(),
                timed.rebootReason(), timed.system(), timed.sections(), timed.hashes(), timed.payloadBytes(), 4200L));

        HostInventoryService.PackageQuery all = new HostInventoryService.PackageQuery(null, false, false, 1, 50);
        assertThat(inventory.packages(acme, agent.host().id(), all).packages()).extracting(HostPackage::name)
                .containsExactly("pkg-0", "pkg-2", "pkg-1", "pkg-3", "pkg-4", "pkg-5");
        assertThat(inventory.packages(acme, agent.host().id(), new HostInventoryService.PackageQuery(null, true, false, 1, 50)).total()).isEqualTo(4);
        assertThat(inventory.details(acme, agent.host().id()).repositories()).isEqualTo(REPOS);
        assertThat(inventory.details(acme, agent.host().id()).system()).containsEntry("cpuCores", 2);
        assertThat(inventory.reports(acme, agent.host().id(), 10, null).items()).extracting(ReportService.ReportRecord::updates).containsExactly(4, 3);
        assertThat(inventory.reports(acme, agent.host().id(), 10, null).items()).extracting(ReportService.ReportRecord::agentExecutionMs)
                .as("the agent's own gathering time, when it sent one").containsExactly(4200L, null);

        TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
        assertThatThrownBy(() -> inventory.packages(rival, agent.host().id(), all)).hasMessage("Host not found");
        assertThatThrownBy(() -> inventory.details(rival, agent.host().id())).hasMessage("Host not found");
        assertThatThrownBy(() -> inventory.reports(rival, agent.host().id(), 5, null)).hasMessage("Host not found");
    }

    @Test
    void deletingAHostRemovesItsPackagesDetailsAndHistory() {
        reports.ingest(agent, full(packages(30, 2)));

        hosts.delete(acme, agent.host().id());

        assertThat(store.keys(acme, "HOST#" + agent.host().id())).isEmpty();
    }
}
