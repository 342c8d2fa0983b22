package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.NetworkInterface;
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
class HostServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
    private final PasswordHasher hasher = new PasswordHasher(4);
    private DynamoDbClient ddb;
    private HostService hosts;
    private HostGroupService groups;
    private HostRepository repository;
    private DynamoItemStore store;

    HostServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        hosts = new HostService(store, hasher, clock);
        groups = new HostGroupService(store, clock);
        repository = new HostRepository(store);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private HostService.Credentials create(TenantContext ctx, String name, String... groupIds) {
        return hosts.create(ctx, new HostService.NewHost(name, "linux", List.of(groupIds), false, true));
    }

    @Test
    void aNewHostIsPendingWithAnApiIdAndAKeyShownOnce() {
        HostGroup prod = groups.create(acme, "Production", null, null);

        HostService.Credentials created = create(acme, "web-01", prod.id());

        Host host = created.host();
        assertThat(host.status()).isEqualTo("pending");
        assertThat(host.apiId()).matches("patchmon_[0-9a-f]{16}");
        assertThat(created.apiKey()).matches("[0-9a-f]{64}");
        assertThat(host.apiKeyHash()).startsWith("$2a$").doesNotContain(created.apiKey());
        assertThat(hasher.matches(created.apiKey(), hosts.get(acme, host.id()).apiKeyHash())).isTrue();
        assertThat(host.complianceEnabled()).isTrue();
        assertThat(groups.get(acme, prod.id()).hostCount()).isEqualTo(1);
        assertThat(repository.apiId(host.apiId())).contains(new HostRepository.ApiIdEntry(acme.tenantId(), host.id()));
    }

    @Test
    void unknownOrForeignGroupsAndBadFieldsCreateNothing() {
        HostGroup foreign = groups.create(rival, "Theirs", null, null);

        assertThatThrownBy(() -> create(acme, "web-01", foreign.id())).hasMessage("Invalid host group");
        assertThatThrownBy(() -> hosts.create(acme, new HostService.NewHost(" ", "beos", List.of(), false, false)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param)
                        .containsExactly("friendly_name", "os_family"));
        assertThat(hosts.list(acme, new HostService.Filter(null, null, null, null, false))).isEmpty();
        assertThat(groups.get(rival, foreign.id()).hostCount()).isZero();
    }

    @Test
    void groupsAreReplacedNotAddedAndCountsFollow() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        HostGroup web = groups.create(acme, "Web", null, null);
        Host one = create(acme, "web-01", prod.id()).host();
        Host two = create(acme, "web-02").host();

        hosts.setGroups(acme, List.of(one.id(), two.id()), List.of(web.id()));

        assertThat(hosts.get(acme, one.id()).groupIds()).containsExactly(web.id());
        assertThat(groups.get(acme, prod.id()).hostCount()).isZero();
        assertThat(groups.get(acme, web.id()).hostCount()).isEqualTo(2);
        assertThat(hosts.list(acme, new HostService.Filter(web.id(), null, null, null, false))).extracting(l -> l.host().friendlyName()).containsExactly("web-01", "web-02");
        hosts.setGroups(acme, one.id(), List.of());
        assertThat(hosts.list(acme, new HostService.Filter("ungrouped", null, null, null, false))).extracting(l -> l.host().friendlyName()).containsExactly("web-01");
    }

    @Test
    void deletingAHostRemovesItsMembershipsAndItsApiId() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        Host host = create(acme, "web-01", prod.id()).host();

        hosts.delete(acme, host.id());

        assertThatThrownBy(() -> hosts.get(acme, host.id())).hasMessage("Host not found");
        assertThat(groups.get(acme, prod.id()).hostCount()).isZero();
        assertThat(repository.apiId(host.apiId())).isEmpty();
        groups.delete(acme, prod.id());
    }

    @Test
    void regeneratedCredentialsReplaceTheOldOnes() {
        HostService.Credentials first = create(acme, "web-01");

        HostService.Credentials second = hosts.regenerateCredentials(acme, first.host().id());

        assertThat(second.host().apiId()).isNotEqualTo(first.host().apiId());
        assertThat(repository.apiId(first.host().apiId())).isEmpty();
        assertThat(repository.apiId(second.host().apiId())).isPresent();
        Host stored = hosts.get(acme, first.host().id());
        assertThat(hasher.matches(second.apiKey(), stored.apiKeyHash())).isTrue();
        assertThat(hasher.matches(first.apiKey(), stored.apiKeyHash())).isFalse();
    }

    @Test
    void editsAndSearch() {
        Host host = create(acme, "web-01").host();
        hosts.update(acme, host.id(), new HostService.Edits("frontend-01", "fe01.example.com", "10.0.0.5", "rack 4", null));

        assertThat(hosts.list(acme, new HostService.Filter(null, "FE01", null, null, false))).extracting(l -> l.host().friendlyName()).containsExactly("frontend-01");
        assertThat(hosts.list(acme, new HostService.Filter(null, "10.0.0", null, null, false))).hasSize(1);
        assertThat(hosts.list(acme, new HostService.Filter(null, null, "active", null, false))).isEmpty();
        assertThatThrownBy(() -> hosts.update(acme, host.id(), new HostService.Edits("", null, "not an ip!", null, null)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).hasSize(2));
        assertThat(hosts.get(acme, host.id()).friendlyName()).isEqualTo("frontend-01");
    }

    @Test
    void notesAreKeptUpToTheLimitClearedWhenBlankAndUntouchedByOtherEdits() {
        Host host = create(acme, "web-01").host();
        String longest = "n".repeat(HostService.MAX_NOTES);

        assertThat(hosts.update(acme, host.id(), new HostService.Edits(null, null, null, "  Change window: Sun 02:00\nOwner: ops  ", null)).notes())
                .isEqualTo("Change window: Sun 02:00\nOwner: ops");
        assertThat(hosts.update(acme, host.id(), new HostService.Edits("web-01b", null, null, null, null)).notes()).isEqualTo("Change window: Sun 02:00\nOwner: ops");
        assertThat(hosts.update(acme, host.id(), new HostService.Edits(null, null, null, longest, null)).notes()).hasSize(1000);
        assertThatThrownBy(() -> hosts.update(acme, host.id(), new HostService.Edits(null, null, null, longest + "!", null)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> assertThat(v.param()).isEqualTo("notes")));
        assertThat(hosts.get(acme, host.id()).notes()).isEqualTo(longest);
        assertThat(hosts.update(acme, host.id(), new HostService.Edits(null, null, null, "   ", null)).notes()).isNull();
    }

    private void reportInterfaces(HostService.Credentials host, String agentIp, List<NetworkInterface> interfaces) {
        AgentAuthenticator.AuthenticatedHost agent = new AgentAuthenticator(store, hasher, clock).authenticate(host.host().apiId(), host.apiKey());
        new ReportService(store, clock).ingest(agent, new ReportService.Report(null, null, interfaces, null, agentIp, null, null, null, null,
                null, null, null, List.of("interfaces"), Map.of("interfacesHash", new CanonicalHashes().interfaces(interfaces)), 100));
    }

    private static NetworkInterface nic(String name, String... addresses) {
        return NetworkInterface.of(name, "ethernet", "52:54:00:00:00:0" + name.length(), java.util.Arrays.stream(addresses)
                .map(a -> new NetworkInterface.Address(a, a.contains(":") ? "inet6" : "inet", a.contains(":") ? "/64" : "/24", null)).toList());
    }

    @Test
    void aStarredInterfaceGivesTheHostItsAddressOnLaterReportsUntilCleared() {
        HostService.Credentials host = create(acme, "web-01");
        reportInterfaces(host, "10.0.0.5", List.of(nic("eth0", "10.0.0.5"), nic("wg0", "fd00::7", "192.168.50.7")));
        assertThat(hosts.get(acme, host.host().id()).ip()).isEqualTo("10.0.0.5");

        Host starred = hosts.update(acme, host.host().id(), new HostService.Edits(null, null, null, null, "wg0"));
        assertThat(starred.primaryInterface()).isEqualTo("wg0");
        assertThat(starred.ip()).as("the interface's IPv4 address wins over its IPv6 one").isEqualTo("192.168.50.7");

        // The agent keeps naming eth0's address; the star holds, and follows the interface's new address.
        reportInterfaces(host, "10.0.0.5", List.of(nic("eth0", "10.0.0.5"), nic("wg0", "192.168.50.9")));
        assertThat(hosts.get(acme, host.host().id()).ip()).isEqualTo("192.168.50.9");
        assertThatThrownBy(() -> hosts.update(acme, host.host().id(), new HostService.Edits(null, null, "10.9.9.9", null, null)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param).containsExactly("ip"));

        // An interface the host never reported is refused, and nothing else in the request is applied.
        assertThatThrownBy(() -> hosts.update(acme, host.host().id(), new HostService.Edits("renamed", null, null, null, "eth9")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param)
                        .containsExactly("primary_interface"));
        assertThat(hosts.get(acme, host.host().id()).friendlyName()).isEqualTo("web-01");

        Host cleared = hosts.update(acme, host.host().id(), new HostService.Edits(null, null, null, null, " "));
        assertThat(cleared.primaryInterface()).isNull();
        reportInterfaces(host, "10.0.0.5", List.of(nic("eth0", "10.0.0.5"), nic("wg0", "192.168.50.9")));
        assertThat(hosts.get(acme, host.host().id()).ip()).as("auto-detection again").isEqualTo("10.0.0.5");
    }

    @Test
    void anotherTenantsHostsAreNotFoundAndBulkRequestsWithOneForeignIdChangeNothing() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        Host mine = create(acme, "web-01", prod.id()).host();
        Host theirs = create(rival, "db-01").host();

        for (Runnable call : new Runnable[]{
                () -> hosts.get(rival, mine.id()),
                () -> hosts.update(rival, mine.id(), new HostService.Edits("x", null, null, null, "eth0")),
                () -> hosts.setGroups(rival, mine.id(), List.of()),
                () -> hosts.delete(rival, mine.id()),
                () -> hosts.regenerateCredentials(rival, mine.id()),
                () -> hosts.delete(acme, List.of(mine.id(), theirs.id())),
                () -> hosts.setGroups(acme, List.of(mine.id(), theirs.id()), List.of())}) {
            assertThatThrownBy(call::run).hasMessage("Host not found");
        }
        assertThat(hosts.get(acme, mine.id()).groupIds()).containsExactly(prod.id());
        assertThat(hosts.get(rival, theirs.id()).friendlyName()).isEqualTo("db-01");
    }
}
