package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class CheckInServiceIntegrationTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final CapacityMeter meter = new CapacityMeter();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private CheckInService checkIns;
    private AgentAuthenticator.AuthenticatedHost agent;

    CheckInServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        PasswordHasher hasher = new PasswordHasher(4);
        HostService.Credentials created = new HostService(store, hasher, clock)
                .create(acme, new HostService.NewHost("web-01", "linux", List.of(), true, false));
        agent = new AgentAuthenticator(store, hasher, clock).authenticate(created.host().apiId(), created.apiKey());
        checkIns = new CheckInService(store, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private static Map<String, String> hashes(String value) {
        Map<String, String> hashes = new HashMap<>();
        for (String field : CheckInService.SECTIONS.values()) {
            hashes.put(field, value);
        }
        return hashes;
    }

    private Map<String, Object> metrics() {
        return Map.of("cpu", 12.5, "ram", 41.0, "uptime", 86400, "needsReboot", true, "rebootReason", "kernel update");
    }

    @Test
    void aHostWithNoAcceptedReportIsAskedForEveryEnabledSection() {
        CheckInService.Outcome outcome = checkIns.checkIn(agent, new CheckInService.CheckIn(hashes(A), metrics(), "2.1.0", 850L));

        assertThat(outcome.requestFull()).containsExactly("packages", "repos", "interfaces", "hostname", "docker");
        HostState state = new HostStateRepository(store).find(acme, agent.host().id());
        assertThat(state.needsReboot()).isTrue();
        assertThat(state.rebootReason()).isEqualTo("kernel update");
        assertThat(state.agentVersion()).isEqualTo("2.1.0");
        assertThat(state.lastCheckInAt()).isEqualTo(clock.instant());
    }

    @Test
    void onlySectionsWhoseHashDiffersAreRequestedAndAnUnchangedCheckInCostsOneWrite() {
        HostStateRepository states = new HostStateRepository(store);
        Map<String, String> accepted = new HashMap<>();
        CheckInService.SECTIONS.keySet().forEach(section -> accepted.put(section, A));
        states.save(acme, agent.host().id(), new HostState(accepted, Map.of(), null, null, null, null, null, null, null));

        CheckInService.Outcome unchanged;
        CapacityMeter.Tally cost;
        try (CapacityMeter.Scope scope = meter.open()) {
            unchanged = checkIns.checkIn(agent, new CheckInService.CheckIn(hashes(A), metrics(), "2.1.0", 900L));
            cost = scope.tally();
        }
        assertThat(unchanged.requestFull()).isEmpty();
        assertThat(cost.writeUnits()).isLessThanOrEqualTo(1.0);

        Map<String, String> changed = hashes(A);
        changed.put("reposHash", B);
        changed.put("complianceHash", B);
        assertThat(checkIns.checkIn(agent, new CheckInService.CheckIn(changed, metrics(), "2.1.0", 900L)).requestFull())
                .as("compliance is off on this host").containsExactly("repos");
        assertThat(states.find(acme, agent.host().id()).hashes()).as("a check-in never accepts hashes").containsEntry("repos", A);
    }

    @Test
    void malformedHashesAreRefusedAndChangeNothing() {
        Map<String, String> bad = hashes(A);
        bad.put("packagesHash", "NOT-A-HASH");
        assertThatThrownBy(() -> checkIns.checkIn(agent, new CheckInService.CheckIn(bad, metrics(), "2.1.0", 1L)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations().get(0).param()).isEqualTo("hashes.packagesHash"));
        Map<String, String> unknown = hashes(A);
        unknown.put("secretsHash", A);
        assertThatThrownBy(() -> checkIns.checkIn(agent, new CheckInService.CheckIn(unknown, metrics(), "2.1.0", 1L)))
                .isInstanceOf(DomainException.class);
        Map<String, Object> textualFlag = new HashMap<>(metrics());
        textualFlag.put("needsReboot", "true");
        assertThatThrownBy(() -> checkIns.checkIn(agent, new CheckInService.CheckIn(hashes(A), textualFlag, "2.1.0", 1L)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations().get(0).param()).isEqualTo("metrics.needsReboot"));
        Map<String, Object> numericReason = new HashMap<>(metrics());
        numericReason.put("rebootReason", 3);
        assertThatThrownBy(() -> checkIns.checkIn(agent, new CheckInService.CheckIn(hashes(A), numericReason, "2.1.0", 1L)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations().get(0).param()).isEqualTo("metrics.rebootReason"));
        assertThat(new HostStateRepository(store).find(acme, agent.host().id()).lastCheckInAt()).isNull();
    }

    @Test
    void aLegacyHeartbeatWithoutHashesStillCounts() {
        CheckInService.Outcome outcome = checkIns.checkIn(agent, new CheckInService.CheckIn(null, null, null, null));

        assertThat(outcome.requestFull()).contains("packages");
        assertThat(new HostStateRepository(store).find(acme, agent.host().id()).lastCheckInAt()).isEqualTo(clock.instant());
    }
}
