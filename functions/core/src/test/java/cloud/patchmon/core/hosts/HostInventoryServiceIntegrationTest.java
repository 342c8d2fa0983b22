package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.InvalidCursorException;
import cloud.patchmon.core.storage.Page;
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
class HostInventoryServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
    private final CanonicalHashes canonical = new CanonicalHashes();
    private final PasswordHasher hasher = new PasswordHasher(4);
    private final CapacityMeter meter = new CapacityMeter();
    private DynamoDbClient ddb;
    private HostService hosts;
    private ReportService reports;
    private HostInventoryService inventory;
    private AgentAuthenticator.AuthenticatedHost agent;
    private String hostId;

    HostInventoryServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        DynamoItemStore store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        hosts = new HostService(store, hasher, clock);
        HostService.Credentials created = hosts.create(acme, new HostService.NewHost("web-01", "linux", List.of(), false, false));
        agent = new AgentAuthenticator(store, hasher, clock).authenticate(created.host().apiId(), created.apiKey());
        hostId = created.host().id();
        reports = new ReportService(store, clock);
        inventory = new HostInventoryService(store, reports);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    /** libssl3 and openssh-server are security updates, nginx and curl plain updates, the rest current. */
    private void report(List<PackageEntry> packages) {
        reports.ingest(agent, new ReportService.Report(packages, null, null, null, null, null, null, null, null, false, null, null, null,
                Map.of("packagesHash", canonical.packages(packages)), 500));
    }

    private static List<PackageEntry> fleet() {
        List<PackageEntry> list = new ArrayList<>(List.of(
                PackageEntry.of("libssl3", null, null, "3.0.11", "3.0.13", true, true, null),
                PackageEntry.of("openssh-server", null, null, "9.2p1", "9.2p1-2", true, true, null),
                PackageEntry.of("nginx", null, null, "1.22.1", "1.22.2", true, false, null),
                PackageEntry.of("curl", null, null, "7.88.1", "7.88.2", true, false, null)));
        for (int i = 0; i < 96; i++) {
            list.add(PackageEntry.of(String.format("lib-%02d", i), null, null, "1." + i, null, false, false, null));
        }
        return list;
    }

    private HostInventoryService.PackagePage query(String search, boolean updates, boolean security, int page, int limit) {
        return inventory.packages(acme, hostId, new HostInventoryService.PackageQuery(search, updates, security, page, limit));
    }

    @Test
    void packagesAreSearchedFilteredAndPagedWithHostWideCounts() {
        report(fleet());

        HostInventoryService.PackagePage first = query(null, false, false, 1, 25);
        assertThat(first.packages()).hasSize(25);
        assertThat(first.packages()).extracting(HostPackage::name).startsWith("libssl3", "openssh-server", "curl", "nginx", "lib-00");
        assertThat(first.total()).isEqualTo(100);
        assertThat(first.pages()).isEqualTo(4);
        assertThat(first.installed()).isEqualTo(100);
        assertThat(first.updates()).isEqualTo(4);
        assertThat(first.security()).isEqualTo(2);

        HostInventoryService.PackagePage last = query(null, false, false, 4, 25);
        assertThat(last.packages()).extracting(HostPackage::name).endsWith("lib-95");
        assertThat(query(null, false, false, 9, 25).packages()).isEmpty();

        assertThat(query(null, true, false, 1, 50).packages()).extracting(HostPackage::name)
                .containsExactly("libssl3", "openssh-server", "curl", "nginx");
        assertThat(query(null, false, true, 1, 50).packages()).extracting(HostPackage::name).containsExactly("libssl3", "openssh-server");
        HostInventoryService.PackagePage searched = query("  SSL ", false, false, 1, 50);
        assertThat(searched.packages()).extracting(HostPackage::name).containsExactly("libssl3");
        assertThat(searched.total()).isEqualTo(1);
        assertThat(searched.installed()).as("counts stay host-wide").isEqualTo(100);
        assertThat(query("lib-1", true, false, 1, 50).packages()).isEmpty();
        assertThat(query("lib-1", false, false, 1, 50).total()).isEqualTo(10);
    }

    @Test
    void aPageOfATwoThousandPackageHostReadsItsPartitionOnceForUnderFiftyReadUnits() {
        List<PackageEntry> many = new ArrayList<>(fleet());
        for (int i = 0; i < 1900; i++) {
            many.add(PackageEntry.of("python3-module-" + i, null, null, "2.0." + i, null, false, false, "bookworm/main"));
        }
        report(many);

        CapacityMeter.Tally cost;
        HostInventoryService.PackagePage page;
        try (CapacityMeter.Scope scope = meter.open()) {
            page = query("python3", false, false, 3, 50);
            cost = scope.tally();
        }
        assertThat(page.total()).isEqualTo(1900);
        assertThat(page.installed()).isEqualTo(2000);
        // The host lookup plus the PKG# query's pages of at most 1,000 items (and a last, empty one).
        assertThat(cost.calls()).as("DynamoDB calls").isLessThanOrEqualTo(4);
        // ~320 B per package item (with the package-name index keys): 2,000 items ≈ 640 KB ≈ 80 eventually consistent units.
        assertThat(cost.readUnits()).as("read units of one page of a 2,000-package host").isLessThanOrEqualTo(90);
    }

    @Test
    void aHostThatNeverReportedHasNoPackagesAndNoHistory() {
        HostInventoryService.PackagePage none = query(null, false, false, 1, 50);
        assertThat(none.packages()).isEmpty();
        assertThat(none.pages()).isZero();
        assertThat(inventory.reports(acme, hostId, 10, null).items()).isEmpty();
        assertThat(inventory.details(acme, hostId).networkInterfaces()).isEmpty();
    }

    @Test
    void badQueriesAreFieldErrors() {
        assertThatThrownBy(() -> query(null, false, false, 0, 1000))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param)
                        .containsExactly("page", "limit"));
        assertThatThrownBy(() -> query("x".repeat(256), false, false, 1, 50))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param)
                        .containsExactly("search"));
        assertThatThrownBy(() -> inventory.reports(acme, hostId, 101, null))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param)
                        .containsExactly("limit"));
        assertThatThrownBy(() -> inventory.reports(acme, hostId, 10, "not-a-cursor")).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void reportHistoryIsPagedNewestFirstAndACursorCannotCrossIntoAnotherTenant() {
        for (int i = 1; i <= 5; i++) {
            List<PackageEntry> packages = fleet().subList(0, 10 + i);
            report(packages);
            clock.advance(Duration.ofMinutes(1));
        }

        Page<ReportService.ReportRecord> first = inventory.reports(acme, hostId, 2, null);
        assertThat(first.items()).extracting(ReportService.ReportRecord::packages).containsExactly(15, 14);
        assertThat(first.nextCursor()).isPresent();
        Page<ReportService.ReportRecord> second = inventory.reports(acme, hostId, 2, first.nextCursor().get());
        assertThat(second.items()).extracting(ReportService.ReportRecord::packages).containsExactly(13, 12);
        Page<ReportService.ReportRecord> third = inventory.reports(acme, hostId, 2, second.nextCursor().orElseThrow());
        assertThat(third.items()).extracting(ReportService.ReportRecord::packages).containsExactly(11);
        assertThat(third.nextCursor()).isEmpty();
        assertThat(first.items().get(0).payloadBytes()).isEqualTo(500);
        assertThat(first.items().get(0).kind()).isEqualTo("full");

        HostService.Credentials theirs = hosts.create(rival, new HostService.NewHost("db-01", "linux", List.of(), false, false));
        String cursor = first.nextCursor().get();
        assertThatThrownBy(() -> inventory.reports(rival, theirs.host().id(), 2, cursor)).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> inventory.reports(rival, hostId, 2, null)).hasMessage("Host not found");
        assertThatThrownBy(() -> inventory.packages(rival, hostId, new HostInventoryService.PackageQuery(null, false, false, 1, 50)))
                .hasMessage("Host not found");
    }
}
