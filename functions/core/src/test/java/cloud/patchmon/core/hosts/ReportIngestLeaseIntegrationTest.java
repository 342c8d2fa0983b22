package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.RepositoryEntry;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.packages.PackageRecount;
import cloud.patchmon.core.packages.PackageSummary;
import cloud.patchmon.core.repositories.Repository;
import cloud.patchmon.core.repositories.RepositoryCatalog;
import cloud.patchmon.core.repositories.RepositoryPackageRecount;
import cloud.patchmon.core.repositories.RepositoryPackages;
import cloud.patchmon.core.repositories.RepositoryRecount;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.HookedStore;
import cloud.patchmon.core.testing.HookedStore.Call;
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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One report per host at a time: a retried or concurrent report must not apply its package and
 * repository deltas twice. Concurrency is staged with {@link HookedStore}: the second request runs
 * at an exact point of the first.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ReportIngestLeaseIntegrationTest {

    private static final String BUSY = "A report for this host is already being processed";
    private static final List<RepositoryEntry> REPOS = List.of(
            new RepositoryEntry("debian", "http://deb.debian.org/debian", "bookworm", "main", "deb", true, false),
            new RepositoryEntry("security", "http://security.debian.org/debian-security", "bookworm-security", "main", "deb", true, true));

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final CapacityMeter meter = new CapacityMeter();
    private final CanonicalHashes canonical = new CanonicalHashes();
    private DynamoDbClient ddb;
    private HookedStore store;
    private ReportService reports;
    private CheckInService checkIns;
    private HostStateRepository states;
    private AgentAuthenticator.AuthenticatedHost agent;
    private String hostId;

    ReportIngestLeaseIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new HookedStore(new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock));
        PasswordHasher hasher = new PasswordHasher(4);
        HostService.Credentials created = new HostService(store, hasher, clock)
                .create(acme, new HostService.NewHost("web-01", "linux", List.of(), false, false));
        agent = new AgentAuthenticator(store, hasher, clock).authenticate(created.host().apiId(), created.apiKey());
        hostId = agent.host().id();
        reports = new ReportService(store, clock);
        checkIns = new CheckInService(store, clock);
        states = new HostStateRepository(store);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private static List<PackageEntry> packages(int count, int outdated) {
        List<PackageEntry> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean old = i < outdated;
            list.add(PackageEntry.of("pkg-" + i, null, null, "1.0." + i, old ? "1.1." + i : "", old, old && i % 2 == 0,
                    i % 2 == 0 ? "bookworm" : "bookworm-security"));
        }
        return list;
    }

    private ReportService.Report full(List<PackageEntry> packages) {
        return new ReportService.Report(packages, REPOS, List.of(), "web01.example.com", "10.0.0.5", "Debian", "12", "x86_64", "2.1.0",
                false, null, Map.of(), null, Map.of("packagesHash", canonical.packages(packages)), 1000);
    }

    /** Hosts installed / needing update / security per package, as maintained. */
    private Map<String, List<Long>> aggregates() {
        Map<String, List<Long>> counts = new TreeMap<>();
        for (PackageSummary s : new PackageCatalog(store).list(acme)) {
            counts.put(s.name(), List.of(s.hostsInstalled(), s.hostsNeedingUpdate(), s.hostsSecurity()));
        }
        return counts;
    }

    private Map<String, List<Long>> recounted() {
        Map<String, List<Long>> counts = new TreeMap<>();
        new PackageRecount(store).compute(acme).values()
                .forEach(s -> counts.put(s.name(), List.of(s.hostsInstalled(), s.hostsNeedingUpdate(), s.hostsSecurity())));
        return counts;
    }

    /** Each package counted once for the one host, in the fleet and in its repository, each repository once, as the recounts say too. */
    private void assertCountedOnce(int packages, int outdated) {
        Map<String, List<Long>> maintained = aggregates();
        assertThat(maintained).hasSize(packages).isEqualTo(recounted());
        assertThat(maintained.values()).allSatisfy(c -> assertThat(c.get(0)).isEqualTo(1L));
        assertThat(maintained.values().stream().mapToLong(c -> c.get(1)).sum()).isEqualTo(outdated);
        RepositoryCatalog repositories = new RepositoryCatalog(store, clock);
        assertThat(repositories.list(acme)).hasSize(REPOS.size())
                .allSatisfy(r -> assertThat(List.of(r.hosts(), r.hostsEnabled())).isEqualTo(List.of(1L, 1L)));
        assertThat(new RepositoryRecount(store, clock).compute(acme).values())
                .allSatisfy(c -> assertThat(c).isEqualTo(new RepositoryRecount.Counts(1, 1)));
        Map<String, Map<String, RepositoryPackages.RepositoryPackage>> perRepository = new RepositoryPackageRecount(store, clock).compute(acme);
        assertThat(perRepository.values().stream().mapToInt(Map::size).sum()).as("each package from one of the two repositories").isEqualTo(packages);
        for (Repository repository : repositories.list(acme)) {
            List<RepositoryPackages.RepositoryPackage> fromIt = new RepositoryPackages(store).list(acme, repository.id());
            assertThat(fromIt).as("packages from " + repository.url()).allSatisfy(p -> assertThat(p.hosts()).isEqualTo(1L))
                    .containsExactlyInAnyOrderElementsOf(perRepository.getOrDefault(repository.id(), Map.of()).values());
        }
    }

    private int historyRows() {
        return store.queryAll(acme, QuerySpec.partition("HOST#" + hostId).sortBeginsWith("REPORT#"), ReportService.ReportRecord.class).size();
    }

    private void assertBusy(Runnable request) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(DomainException.Kind.CONFLICT);
            assertThat(e.getMessage()).isEqualTo(BUSY);
        });
    }

    @Test
    void aReportRetriedAfterItSucceededCountsNothingTwice() {
        reports.ingest(agent, full(packages(20, 6)));
        reports.ingest(agent, full(packages(20, 8)));

        ReportService.Result retried = reports.ingest(agent, full(packages(20, 8)));

        assertThat(retried).isEqualTo(new ReportService.Result(20, 8, 4));
        assertCountedOnce(20, 8);
        assertThat(states.find(acme, hostId).ingestLease()).as("the final save clears the lease").isNull();
    }

    @Test
    void aDuplicateArrivingWhileTheFirstIsIngestedGets409AndWritesNothing() {
        List<PackageEntry> list = packages(30, 5);
        CapacityMeter.Tally[] duplicateCost = new CapacityMeter.Tally[1];
        store.beforeFirst(Call.of("writeAll"), () -> {
            try (CapacityMeter.Scope scope = meter.open()) {
                assertBusy(() -> reports.ingest(agent, full(list)));
                duplicateCost[0] = scope.tally();
            }
        });

        assertThat(reports.ingest(agent, full(list))).isEqualTo(new ReportService.Result(30, 5, 3));

        assertThat(duplicateCost[0]).as("the duplicate ran").isNotNull();
        assertThat(duplicateCost[0].writeUnits()).as("write units of the refused duplicate").isZero();
        assertCountedOnce(30, 5);
        assertThat(historyRows()).isEqualTo(1);
        assertThat(states.find(acme, hostId).ingestLease()).isNull();
    }

    @Test
    void aReportLosingTheRaceForTheLeaseGets409() {
        String rival = IngestLease.startingAt(clock.instant()).token();
        // Another ingest claims the lease between this one's read of the state and its claim.
        store.beforeFirst(Call.of("replaceIf", "STATE"), () -> states.save(acme, hostId, states.find(acme, hostId).withIngestLease(rival)));

        assertBusy(() -> reports.ingest(agent, full(packages(5, 1))));

        assertThat(new HostPackageRepository(store).list(acme, hostId)).isEmpty();
        assertThat(aggregates()).isEmpty();
        assertThat(states.find(acme, hostId).ingestLease()).as("the winner's lease stands").isEqualTo(rival);
    }

    @Test
    void theLeaseOfACrashedIngestBlocksForSixtySecondsThenIsTakenOver() {
        String crashed = IngestLease.startingAt(clock.instant()).token();
        states.save(acme, hostId, HostState.empty().withIngestLease(crashed));

        assertBusy(() -> reports.ingest(agent, full(packages(5, 1))));
        clock.advance(Duration.ofSeconds(60).minusMillis(1));
        assertBusy(() -> reports.ingest(agent, full(packages(5, 1))));
        assertThat(new HostPackageRepository(store).list(acme, hostId)).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(reports.ingest(agent, full(packages(5, 1)))).isEqualTo(new ReportService.Result(5, 1, 1));

        assertThat(states.find(acme, hostId).ingestLease()).isNull();
        assertThat(states.find(acme, hostId).hashes()).containsEntry("packages", canonical.packages(packages(5, 1)));
    }

    @Test
    void aCheckInDuringAnIngestKeepsTheLeaseAndItsMetricsSurviveTheIngest() {
        List<PackageEntry> list = packages(12, 2);
        AtomicReference<String> leaseAfterPing = new AtomicReference<>();
        store.beforeFirst(Call.of("writeAll"), () -> {
            checkIns.checkIn(agent, new CheckInService.CheckIn(Map.of(), Map.of("cpu", 7.5, "needsReboot", true), "2.1.1", 40L));
            leaseAfterPing.set(states.find(acme, hostId).ingestLease());
            assertBusy(() -> reports.ingest(agent, full(list)));
        });

        reports.ingest(agent, full(list));

        assertThat(leaseAfterPing.get()).as("the lease after the check-in").isNotNull();
        HostState state = states.find(acme, hostId);
        assertThat(state.ingestLease()).isNull();
        assertThat(state.metrics()).containsEntry("cpu", 7.5);
        assertThat(state.lastCheckInAt()).isEqualTo(clock.instant());
        assertThat(state.hashes()).containsEntry("packages", canonical.packages(list));
        assertCountedOnce(12, 2);
    }

    @Test
    void aCheckInWhoseStateChangedUnderItReadsAgainInsteadOfDroppingTheLease() {
        String lease = IngestLease.startingAt(clock.instant()).token();
        store.beforeFirst(Call.of("replaceIf", "STATE"), () -> states.save(acme, hostId, states.find(acme, hostId).withIngestLease(lease)));

        checkIns.checkIn(agent, new CheckInService.CheckIn(Map.of(), Map.of("cpu", 1.0), "2.1.0", 5L));

        HostState state = states.find(acme, hostId);
        assertThat(state.ingestLease()).isEqualTo(lease);
        assertThat(state.metrics()).containsEntry("cpu", 1.0);
        assertThat(state.lastCheckInAt()).isEqualTo(clock.instant());
    }

    @Test
    void aCheckInGivesUpWith409WhenTheLeaseKeepsChanging() {
        store.beforeEach(Call.of("replaceIf", "STATE"),
                () -> states.save(acme, hostId, states.find(acme, hostId).withIngestLease(IngestLease.startingAt(clock.instant()).token())));

        assertBusy(() -> checkIns.checkIn(agent, new CheckInService.CheckIn(Map.of(), Map.of("cpu", 1.0), "2.1.0", 5L)));

        assertThat(states.find(acme, hostId).lastCheckInAt()).isNull();
    }

    @Test
    void aFailedIngestReleasesItsLeaseSoTheAgentsRetryOfThe5xxCountsOnce() {
        reports.ingest(agent, full(packages(15, 3)));
        List<PackageEntry> changed = packages(18, 7);
        store.beforeFirst(Call.of("replaceIf", "HOST#" + hostId), () -> {
            throw new IllegalStateException("DynamoDB unavailable");
        });

        assertThatThrownBy(() -> reports.ingest(agent, full(changed))).isInstanceOf(IllegalStateException.class);
        assertThat(states.find(acme, hostId).ingestLease()).as("released at once, not after 60 s").isNull();

        assertThat(reports.ingest(agent, full(changed))).isEqualTo(new ReportService.Result(18, 7, 4));
        assertCountedOnce(18, 7);
    }
}
