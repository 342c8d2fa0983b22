package cloud.patchmon.core.patching.policies;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.hosts.HostGroupService;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.patching.policies.PatchPolicyService.PolicyFields;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Effective policy resolution against DynamoDB Local: the spec's precedence and what it costs. */
@ExtendWith(DynamoDbLocalExtension.class)
class PolicyResolverIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
    private final CapacityMeter meter = new CapacityMeter();
    private DynamoDbClient ddb;
    private HostService hosts;
    private HostGroupService groups;
    private PatchPolicyService policies;
    private PolicyResolver resolver;

    PolicyResolverIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        DynamoItemStore store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        hosts = new HostService(store, new PasswordHasher(4), clock);
        groups = new HostGroupService(store, clock);
        policies = new PatchPolicyService(store, clock);
        resolver = new PolicyResolver(store);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private String host(TenantContext ctx, String name, String... groupIds) {
        return hosts.create(ctx, new HostService.NewHost(name, "linux", List.of(groupIds), false, false)).host().id();
    }

    private PatchPolicy fixed(TenantContext ctx, String name, String time) {
        return policies.create(ctx, new PolicyFields(name, null, PolicySnapshot.FIXED_TIME, null, time, "Europe/London"));
    }

    /** Assignments a minute apart, so "oldest" is unambiguous. */
    private void assign(TenantContext ctx, PatchPolicy policy, String type, String target) {
        clock.advance(Duration.ofMinutes(1));
        policies.assign(ctx, policy.id(), type, target);
    }

    @Test
    void aHostWithoutAssignmentsIsOnTheDefaultPolicy() {
        String web = host(acme, "web-1");
        fixed(acme, "Nightly", "03:00");

        assertThat(resolver.effectiveFor(acme, web)).isEqualTo(PolicySnapshot.DEFAULT);
        assertThat(resolver.resolve(acme, "no-such-host")).isEmpty();
    }

    @Test
    void aDirectAssignmentBeatsGroupAssignmentsAndIgnoresExclusions() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        String web = host(acme, "web-1", prod.id());
        PatchPolicy group = fixed(acme, "Group window", "03:00");
        PatchPolicy direct = fixed(acme, "Direct window", "19:00");
        assign(acme, group, PolicyAssignment.HOST_GROUP, prod.id());
        assertThat(resolver.effectiveFor(acme, web).policyId()).isEqualTo(group.id());

        assign(acme, direct, PolicyAssignment.HOST, web);
        policies.exclude(acme, direct.id(), web);

        PolicySnapshot effective = resolver.effectiveFor(acme, web);
        assertThat(effective.policyId()).isEqualTo(direct.id());
        assertThat(effective.fixedTimeUtc()).isEqualTo("19:00");
        assertThat(effective.timezone()).isEqualTo("Europe/London");
    }

    @Test
    void theOldestGroupAssignmentWinsAndExclusionsSkipToTheNext() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        HostGroup web = groups.create(acme, "Web", null, null);
        String api = host(acme, "api-1", web.id(), prod.id());
        PatchPolicy newerPolicy = fixed(acme, "Created first, assigned second", "01:00");
        PatchPolicy olderAssignment = fixed(acme, "Created second, assigned first", "04:00");
        assign(acme, olderAssignment, PolicyAssignment.HOST_GROUP, prod.id());
        assign(acme, newerPolicy, PolicyAssignment.HOST_GROUP, web.id());

        assertThat(resolver.effectiveFor(acme, api).policyId()).as("by assignment created_at, not policy or group order")
                .isEqualTo(olderAssignment.id());

        policies.exclude(acme, olderAssignment.id(), api);
        assertThat(resolver.effectiveFor(acme, api).policyId()).isEqualTo(newerPolicy.id());

        policies.exclude(acme, newerPolicy.id(), api);
        assertThat(resolver.effectiveFor(acme, api)).isEqualTo(PolicySnapshot.DEFAULT);

        policies.unexclude(acme, olderAssignment.id(), api);
        assertThat(resolver.effectiveFor(acme, api).policyId()).isEqualTo(olderAssignment.id());
    }

    @Test
    void anExclusionAppliesOnlyToItsOwnPolicy() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        String api = host(acme, "api-1", prod.id());
        String other = host(acme, "api-2", prod.id());
        PatchPolicy nightly = fixed(acme, "Nightly", "03:00");
        assign(acme, nightly, PolicyAssignment.HOST_GROUP, prod.id());
        policies.exclude(acme, nightly.id(), api);

        assertThat(resolver.effectiveFor(acme, api)).isEqualTo(PolicySnapshot.DEFAULT);
        assertThat(resolver.effectiveFor(acme, other).policyId()).isEqualTo(nightly.id());
    }

    @Test
    void editsAndDeletionsApplyToTheNextResolution() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        String web = host(acme, "web-1", prod.id());
        PatchPolicy nightly = fixed(acme, "Nightly", "03:00");
        assign(acme, nightly, PolicyAssignment.HOST_GROUP, prod.id());

        policies.update(acme, nightly.id(), new PolicyFields("Hold", null, PolicySnapshot.DELAYED, 30, null, null));
        assertThat(resolver.effectiveFor(acme, web)).isEqualTo(new PolicySnapshot(nightly.id(), "Hold", "delayed", 30, null, null));

        policies.delete(acme, nightly.id());
        assertThat(resolver.effectiveFor(acme, web)).isEqualTo(PolicySnapshot.DEFAULT);
    }

    @Test
    void anotherTenantsAssignmentsNeverApply() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        String web = host(acme, "web-1", prod.id());
        PatchPolicy theirs = fixed(rival, "Rival", "03:00");

        assertThat(resolver.effectiveFor(rival, web)).as("acme's host is unknown to rival").isEqualTo(PolicySnapshot.DEFAULT);
        assertThat(resolver.resolve(rival, web)).isEmpty();
        assertThat(resolver.effectiveFor(acme, web)).isEqualTo(PolicySnapshot.DEFAULT);
        assertThat(theirs.id()).isNotBlank();
    }

    @Test
    void resolvingReadsTheHostItsOwnEntriesOneQueryPerGroupAndTheWinnerNotEveryPolicy() {
        HostGroup a = groups.create(acme, "A", null, null);
        HostGroup b = groups.create(acme, "B", null, null);
        String web = host(acme, "web-1", a.id(), b.id());
        for (int i = 0; i < 30; i++) {
            PatchPolicy p = fixed(acme, "Policy " + i, "03:00");
            if (i == 7) {
                assign(acme, p, PolicyAssignment.HOST_GROUP, b.id());
            }
        }
        int calls;
        try (CapacityMeter.Scope scope = meter.open()) {
            assertThat(resolver.effectiveFor(acme, web).name()).isEqualTo("Policy 7");
            calls = scope.tally().calls();
        }
        assertThat(calls).as("host get, host entries, two group queries, winning policy get").isEqualTo(5);
    }
}
