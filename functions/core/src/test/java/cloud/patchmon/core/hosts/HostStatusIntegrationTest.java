package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.TenantRepository;
import cloud.patchmon.core.tenants.TenantSettings;
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

/** Per-host package counts kept on the host item, and the staleness rule of the Hosts list. */
@ExtendWith(DynamoDbLocalExtension.class)
class HostStatusIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final CapacityMeter meter = new CapacityMeter();
    private final CanonicalHashes canonical = new CanonicalHashes();
    private final PasswordHasher hasher = new PasswordHasher(4);
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private HostService hosts;
    private ReportService reports;
    private CheckInService checkIns;
    private AgentAuthenticator authenticator;

    HostStatusIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        hosts = new HostService(store, hasher, clock);
        reports = new ReportService(store, clock);
        checkIns = new CheckInService(store, clock);
        authenticator = new AgentAuthenticator(store, hasher, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    /** Agents authenticate on every request: a fresh authentication reads the host as it is now. */
    private record Agent(String apiId, String apiKey) {
    }

    private Agent enrol(String name) {
        HostService.Credentials created = hosts.create(acme, new HostService.NewHost(name, "linux", List.of(), false, false));
        return new Agent(created.host().apiId(), created.apiKey());
    }

    private AgentAuthenticator.AuthenticatedHost auth(Agent agent) {
        return authenticator.authenticate(agent.apiId(), agent.apiKey());
    }

    private static List<PackageEntry> packages(int count, int outdated, int security) {
        List<PackageEntry> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean old = i < outdated;
            list.add(PackageEntry.of("pkg-" + i, null, null, "1.0." + i, old ? "1.1." + i : "", old, old && i < security, null));
        }
        return list;
    }

    private void report(Agent agent, List<PackageEntry> packages, boolean reboot) {
        reports.ingest(auth(agent), new ReportService.Report(packages, List.of(), List.of(), "h.example.com", "10.0.0.9", "Debian", "12",
                "x86_64", "2.1.0", reboot, null, Map.of(), null, Map.of(), 100));
    }

    private Host host(Agent agent) {
        return auth(agent).host();
    }

    private List<String> names(HostService.Filter filter) {
        return hosts.list(acme, filter).stream().map(l -> l.host().friendlyName()).toList();
    }

    @Test
    void theHostItemCarriesItsPackageCountsFromEachReport() {
        Agent web = enrol("web-01");
        assertThat(host(web).packageCounts()).as("no report yet").isNull();
        assertThat(host(web).counts()).isEqualTo(Host.PackageCounts.NONE);

        report(web, packages(40, 6, 2), false);
        assertThat(host(web).packageCounts()).isEqualTo(new Host.PackageCounts(40, 6, 2));

        report(web, packages(41, 3, 0), false);
        assertThat(host(web).packageCounts()).isEqualTo(new Host.PackageCounts(41, 3, 0));
    }

    @Test
    void aReportWithoutAPackagesSectionKeepsTheCountsWithoutReadingThePackages() {
        Agent web = enrol("web-01");
        report(web, packages(2000, 100, 30), false);

        CapacityMeter.Tally cost;
        ReportService.Result result;
        try (CapacityMeter.Scope scope = meter.open()) {
            result = reports.ingest(auth(web), new ReportService.Report(null, null, null, "renamed.example.com", null, null, null, null, null,
                    null, null, null, List.of("hostname"), Map.of("hostnameHash", canonical.hostname("renamed.example.com")), 10));
            cost = scope.tally();
        }

        assertThat(result).isEqualTo(new ReportService.Result(2000, 100, 30));
        assertThat(host(web).packageCounts()).isEqualTo(new Host.PackageCounts(2000, 100, 30));
        // 2,000 package items are ~300 KB: reading them would cost dozens of units; the gets of this path cost one each.
        assertThat(cost.readUnits()).as("read units of a hostname-only report").isLessThanOrEqualTo(6);
    }

    @Test
    void anUnchangedCheckInOfAReportedHostCostsTwoWritesAndKeepsItFresh() {
        Agent web = enrol("web-01");
        report(web, packages(10, 1, 0), false);
        clock.advance(Duration.ofMinutes(10));

        CapacityMeter.Tally unchanged;
        try (CapacityMeter.Scope scope = meter.open()) {
            checkIns.checkIn(auth(web), new CheckInService.CheckIn(Map.of(), Map.of("cpu", 1.0), "2.1.0", 5L));
            unchanged = scope.tally();
        }
        assertThat(unchanged.writeUnits()).as("write units of an unchanged check-in").isLessThanOrEqualTo(2);

        // Hours later (once in a new quarter hour cost a last-seen bucket move): still the same two units.
        clock.advance(Duration.ofMinutes(100));
        try (CapacityMeter.Scope scope = meter.open()) {
            checkIns.checkIn(auth(web), new CheckInService.CheckIn(Map.of(), Map.of("cpu", 1.0), "2.1.0", 5L));
            unchanged = scope.tally();
        }
        assertThat(unchanged.writeUnits()).as("write units of an unchanged check-in 100 minutes on").isLessThanOrEqualTo(2);

        clock.advance(Duration.ofMinutes(60));
        CapacityMeter.Tally moved;
        try (CapacityMeter.Scope scope = meter.open()) {
            checkIns.checkIn(auth(web), new CheckInService.CheckIn(Map.of(), Map.of("needsReboot", true), "2.1.0", 5L));
            moved = scope.tally();
        }

        // The host item and one counter update for the reboot card.
        assertThat(moved.writeUnits()).as("write units of a check-in that moves the dashboard's counters").isLessThanOrEqualTo(3);
        Host seen = host(web);
        assertThat(seen.lastUpdate()).isEqualTo(clock.instant());
        assertThat(seen.needsReboot()).isTrue();
        assertThat(seen.packageCounts()).isEqualTo(new Host.PackageCounts(10, 1, 0));
        clock.advance(Duration.ofMinutes(170));
        assertThat(hosts.list(acme, new HostService.Filter(null, null, null, null, true))).hasSize(1);
    }

    @Test
    void aCheckInNeverUndoesAnEditMadeSinceTheAgentWasAuthenticated() {
        Agent web = enrol("web-01");
        report(web, packages(3, 0, 0), false);
        AgentAuthenticator.AuthenticatedHost before = auth(web);
        clock.advance(Duration.ofMinutes(1));
        hosts.update(acme, before.host().id(), new HostService.Edits("renamed", null, null, null, null));

        checkIns.checkIn(before, new CheckInService.CheckIn(Map.of(), Map.of(), "2.1.0", 5L));

        assertThat(host(web).friendlyName()).isEqualTo("renamed");
    }

    @Test
    void aPendingHostIsNotStaleAndACheckInLeavesItPending() {
        Agent fresh = enrol("new-01");
        clock.advance(Duration.ofDays(30));

        checkIns.checkIn(auth(fresh), new CheckInService.CheckIn(Map.of(), Map.of(), "2.1.0", 5L));

        HostService.Listed listed = hosts.list(acme, new HostService.Filter(null, null, null, null, true)).get(0);
        assertThat(listed.status()).isEqualTo(new HostStatus(false, "pending"));
        assertThat(listed.host().lastUpdate()).isNull();
    }

    @Test
    void aHostIsStaleAfterThreeUpdateIntervalsWithoutNewsAndTheIntervalIsTheTenants() {
        Agent web = enrol("web-01");
        report(web, packages(3, 0, 0), false);

        clock.advance(Duration.ofMinutes(180));
        assertThat(hosts.list(acme, new HostService.Filter(null, null, null, null, false)).get(0).status())
                .as("exactly three intervals of the default 60 minutes").isEqualTo(new HostStatus(false, "active"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(hosts.list(acme, new HostService.Filter(null, null, null, null, false)).get(0).status())
                .isEqualTo(new HostStatus(true, "inactive"));

        TenantRepository tenants = new TenantRepository(store);
        TenantSettings settings = tenants.settings(acme);
        tenants.saveSettings(acme, new TenantSettings(settings.selfRegistrationEnabled(), settings.defaultRole(), settings.passwordPolicy(),
                settings.tfa(), 120, true));
        assertThat(hosts.list(acme, new HostService.Filter(null, null, null, null, false)).get(0).status().stale())
                .as("a 2-hour interval allows 6 hours").isFalse();
    }

    @Test
    void hideStaleStatusAndDeepLinkFiltersNarrowTheList() {
        Agent old = enrol("old-01");
        report(old, packages(5, 2, 1), true);
        clock.advance(Duration.ofHours(4));
        Agent current = enrol("current-01");
        report(current, packages(5, 0, 0), false);
        Agent outdated = enrol("outdated-01");
        report(outdated, packages(5, 3, 0), false);
        enrol("pending-01");

        assertThat(names(new HostService.Filter(null, null, null, null, false))).containsExactly("current-01", "old-01", "outdated-01", "pending-01");
        assertThat(names(new HostService.Filter(null, null, null, null, true))).containsExactly("current-01", "outdated-01", "pending-01");
        assertThat(names(new HostService.Filter(null, null, "inactive", null, false))).containsExactly("old-01");
        assertThat(names(new HostService.Filter(null, null, "active", null, false))).containsExactly("current-01", "outdated-01");
        assertThat(names(new HostService.Filter(null, null, null, "needs_updates", false))).containsExactly("old-01", "outdated-01");
        assertThat(names(new HostService.Filter(null, null, null, "needs_updates", true))).containsExactly("outdated-01");
        assertThat(names(new HostService.Filter(null, null, null, "security_updates", false))).containsExactly("old-01");
        assertThat(names(new HostService.Filter(null, null, null, "needs_reboot", false))).containsExactly("old-01");
        assertThat(names(new HostService.Filter(null, null, null, "up_to_date", false))).containsExactly("current-01");
        assertThatThrownBy(() -> hosts.list(acme, new HostService.Filter(null, null, null, "outdated", false)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations().get(0).param()).isEqualTo("filter"));
    }
}
