package cloud.patchmon.core.patching.policies;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.hosts.HostGroupService;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.patching.policies.PatchPolicyService.PolicyDetail;
import cloud.patchmon.core.patching.policies.PatchPolicyService.PolicyFields;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.HookedStore;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class PatchPolicyServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private final TenantContext rival = TenantContext.system(new TenantId("rival"), "test");
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private HostService hosts;
    private HostGroupService groups;
    private PatchPolicyService policies;

    PatchPolicyServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        hosts = new HostService(store, new PasswordHasher(4), clock);
        groups = new HostGroupService(store, clock);
        policies = new PatchPolicyService(store, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private String host(TenantContext ctx, String name, String... groupIds) {
        return hosts.create(ctx, new HostService.NewHost(name, "linux", List.of(groupIds), false, false)).host().id();
    }

    private static PolicyFields nightly(String name) {
        return new PolicyFields(name, "maintenance window", PolicySnapshot.FIXED_TIME, null, "03:00", "Europe/London");
    }

    @Test
    void policiesAreCreatedListedWithCountsEditedAndDeleted() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        String web = host(acme, "web-1", prod.id());
        PatchPolicy b = policies.create(acme, nightly("b nightly"));
        PatchPolicy a = policies.create(acme, new PolicyFields("A hold", null, PolicySnapshot.DELAYED, 30, null, null));
        policies.assign(acme, b.id(), PolicyAssignment.HOST_GROUP, prod.id());
        clock.advance(Duration.ofMinutes(1));
        policies.assign(acme, b.id(), PolicyAssignment.HOST, web);
        policies.exclude(acme, b.id(), web);

        assertThat(policies.list(acme)).extracting(s -> s.policy().name(), PatchPolicyService.PolicySummary::assignmentCount,
                        PatchPolicyService.PolicySummary::exclusionCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A hold", 0, 0), org.assertj.core.groups.Tuple.tuple("b nightly", 2, 1));

        clock.advance(Duration.ofHours(1));
        PatchPolicy edited = policies.update(acme, a.id(), new PolicyFields("A window", null, PolicySnapshot.FIXED_TIME, 30, "22:15", null));
        assertThat(edited.createdAt()).isEqualTo(a.createdAt());
        assertThat(edited.updatedAt()).isEqualTo(clock.instant());
        assertThat(edited.delayMinutes()).isNull();
        assertThat(policies.get(acme, a.id()).policy()).isEqualTo(edited);

        PolicyDetail detail = policies.get(acme, b.id());
        assertThat(detail.assignments()).as("oldest first, as resolution orders them").extracting(v -> v.assignment().targetType(), PatchPolicyService.AssignmentView::targetName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("host_group", "Production"), org.assertj.core.groups.Tuple.tuple("host", "web-1"));
        assertThat(detail.exclusions()).extracting(PatchPolicyService.ExclusionView::hostName).containsExactly("web-1");

        policies.delete(acme, b.id());
        assertThatThrownBy(() -> policies.get(acme, b.id())).hasMessage("Policy not found");
        assertThat(new PolicyRepository(store).targetEntries(acme, PolicyAssignment.HOST, web)).as("cascade reaches the index").isEmpty();
        assertThat(new PolicyRepository(store).targetEntries(acme, PolicyAssignment.HOST_GROUP, prod.id())).isEmpty();
        assertThat(policies.list(acme)).extracting(s -> s.policy().id()).containsExactly(a.id());
    }

    @Test
    void assignmentsAndExclusionsAreUniqueAndNeedAnExistingTarget() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        String web = host(acme, "web-1");
        PatchPolicy policy = policies.create(acme, nightly("Nightly"));
        policies.assign(acme, policy.id(), PolicyAssignment.HOST_GROUP, prod.id());
        policies.exclude(acme, policy.id(), web);

        assertThatThrownBy(() -> policies.assign(acme, policy.id(), PolicyAssignment.HOST_GROUP, prod.id()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.CONFLICT));
        assertThatThrownBy(() -> policies.exclude(acme, policy.id(), web))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.CONFLICT));
        assertThatThrownBy(() -> policies.assign(acme, policy.id(), PolicyAssignment.HOST, "nope")).hasMessage("Host not found");
        assertThatThrownBy(() -> policies.assign(acme, policy.id(), PolicyAssignment.HOST_GROUP, "nope")).hasMessage("Host group not found");
        assertThatThrownBy(() -> policies.assign(acme, policy.id(), "tenant", prod.id())).hasMessage("target_type must be host or host_group");
        assertThatThrownBy(() -> policies.assign(acme, "nope", PolicyAssignment.HOST, web)).hasMessage("Policy not found");
        assertThatThrownBy(() -> policies.exclude(acme, policy.id(), "nope")).hasMessage("Host not found");
        assertThatThrownBy(() -> policies.unexclude(acme, policy.id(), "nope")).hasMessage("Exclusion not found");
        assertThatThrownBy(() -> policies.unassign(acme, policy.id(), "nope")).hasMessage("Assignment not found");
        assertThat(policies.get(acme, policy.id()).assignments()).hasSize(1);
        assertThat(policies.get(acme, policy.id()).exclusions()).hasSize(1);
    }

    @Test
    void removingAnAssignmentOrExclusionFreesItsTarget() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        String web = host(acme, "web-1");
        PatchPolicy policy = policies.create(acme, nightly("Nightly"));
        String assignment = policies.assign(acme, policy.id(), PolicyAssignment.HOST_GROUP, prod.id()).assignment().id();
        policies.exclude(acme, policy.id(), web);

        policies.unassign(acme, policy.id(), assignment);
        policies.unexclude(acme, policy.id(), web);

        assertThat(policies.get(acme, policy.id()).assignments()).isEmpty();
        assertThat(policies.get(acme, policy.id()).exclusions()).isEmpty();
        policies.assign(acme, policy.id(), PolicyAssignment.HOST_GROUP, prod.id());
        policies.exclude(acme, policy.id(), web);
        assertThat(policies.list(acme).get(0).assignmentCount()).isEqualTo(1);
    }

    @Test
    void deletingAHostOrAGroupRemovesWhatPointsAtIt() {
        HostGroup prod = groups.create(acme, "Production", null, null);
        String web = host(acme, "web-1");
        PatchPolicy policy = policies.create(acme, nightly("Nightly"));
        PatchPolicy other = policies.create(acme, nightly("Other"));
        policies.assign(acme, policy.id(), PolicyAssignment.HOST_GROUP, prod.id());
        policies.assign(acme, policy.id(), PolicyAssignment.HOST, web);
        policies.exclude(acme, other.id(), web);

        hosts.delete(acme, web);
        groups.delete(acme, prod.id());

        assertThat(policies.get(acme, policy.id()).assignments()).isEmpty();
        assertThat(policies.get(acme, other.id()).exclusions()).isEmpty();
        assertThat(policies.list(acme)).allSatisfy(s -> {
            assertThat(s.assignmentCount()).isZero();
            assertThat(s.exclusionCount()).isZero();
        });
    }

    @Test
    void anEditRacingADeletionDoesNotBringThePolicyBack() {
        PatchPolicy policy = policies.create(acme, nightly("Nightly"));
        HookedStore hooked = new HookedStore(store);
        PatchPolicyService racing = new PatchPolicyService(hooked, clock);
        hooked.beforeFirst(HookedStore.Call.of("replaceIf", "POLICY#" + policy.id()), () -> policies.delete(acme, policy.id()));

        assertThatThrownBy(() -> racing.update(acme, policy.id(), nightly("Renamed"))).hasMessage("Policy not found");
        assertThat(policies.list(acme)).isEmpty();
    }

    @Test
    void idsTooLongToBeKeysAreUnknown() {
        PatchPolicy policy = policies.create(acme, nightly("Nightly"));
        String huge = "x".repeat(5000);

        assertThatThrownBy(() -> policies.get(acme, huge)).hasMessage("Policy not found");
        assertThatThrownBy(() -> policies.assign(acme, policy.id(), PolicyAssignment.HOST, huge)).hasMessage("Host not found");
        assertThatThrownBy(() -> policies.assign(acme, policy.id(), PolicyAssignment.HOST_GROUP, huge)).hasMessage("Host group not found");
        assertThatThrownBy(() -> policies.exclude(acme, policy.id(), huge)).hasMessage("Host not found");
        assertThatThrownBy(() -> policies.unexclude(acme, policy.id(), huge)).hasMessage("Exclusion not found");
        assertThatThrownBy(() -> policies.unassign(acme, policy.id(), huge)).hasMessage("Assignment not found");
        assertThat(new PolicyResolver(store).resolve(acme, huge)).isEmpty();
    }

    @Test
    void anotherTenantsPoliciesHostsAndGroupsAreUnknown() {
        HostGroup theirGroup = groups.create(rival, "Production", null, null);
        String theirHost = host(rival, "web-1");
        PatchPolicy theirs = policies.create(rival, nightly("Theirs"));
        PatchPolicy ours = policies.create(acme, nightly("Ours"));

        assertThatThrownBy(() -> policies.get(acme, theirs.id())).hasMessage("Policy not found");
        assertThatThrownBy(() -> policies.update(acme, theirs.id(), nightly("Stolen"))).hasMessage("Policy not found");
        assertThatThrownBy(() -> policies.delete(acme, theirs.id())).hasMessage("Policy not found");
        assertThatThrownBy(() -> policies.assign(acme, ours.id(), PolicyAssignment.HOST, theirHost)).hasMessage("Host not found");
        assertThatThrownBy(() -> policies.assign(acme, ours.id(), PolicyAssignment.HOST_GROUP, theirGroup.id())).hasMessage("Host group not found");
        assertThatThrownBy(() -> policies.exclude(acme, ours.id(), theirHost)).hasMessage("Host not found");
        assertThat(policies.list(acme)).extracting(s -> s.policy().id()).containsExactly(ours.id());
        assertThat(policies.get(rival, theirs.id()).policy().name()).isEqualTo("Theirs");
    }
}
