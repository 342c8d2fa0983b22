package cloud.patchmon.core.patching.policies;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Patch policies, their assignments and exclusions, in two shapes:
 * <ul>
 *   <li>the policies partition: {@code POLICY#id}, {@code ASSIGN#policy#assignment}, {@code EXCL#policy#host}, so the
 *       Policies list with its counts is three queries however many policies there are, and one policy's detail two;</li>
 *   <li>one partition per target ({@code POLICY_TARGET#host#id}, {@code POLICY_TARGET#host_group#id}) holding an entry
 *       per policy assigned to it ({@code ASSIGN#policy}) and, for a host, per policy excluding it
 *       ({@code EXCL#policy}): resolving a host's effective policy reads its own partition and one per group it is in,
 *       never the tenant's policies. The entry's key also makes a second assignment of a policy to a target fail.</li>
 * </ul>
 * The two shapes change together in one transaction; a policy's deletion removes its own item first, so an entry left
 * behind by a concurrent assignment names a missing policy, which readers skip.
 */
public final class PolicyRepository {

    private static final String POLICIES = "PATCH_POLICIES";
    private static final String POLICY = "POLICY#";
    private static final String ASSIGN = "ASSIGN#";
    private static final String EXCL = "EXCL#";

    private final ItemStore store;

    public PolicyRepository(ItemStore store) {
        this.store = store;
    }

    /** What a target's partition says about one policy: assigned to it, or (hosts only) excluding it. */
    public record TargetEntry(String kind, String policyId, String assignmentId, Instant createdAt) {
        public static final String ASSIGNMENT = "assignment";
        public static final String EXCLUSION = "exclusion";

        public boolean isAssignment() {
            return ASSIGNMENT.equals(kind);
        }
    }

    static ItemKey policyKey(TenantContext ctx, String policyId) {
        return ItemKey.of(ctx, POLICIES, POLICY + policyId);
    }

    static ItemKey assignmentKey(TenantContext ctx, String policyId, String assignmentId) {
        return ItemKey.of(ctx, POLICIES, ASSIGN + policyId + "#" + assignmentId);
    }

    static ItemKey exclusionKey(TenantContext ctx, String policyId, String hostId) {
        return ItemKey.of(ctx, POLICIES, EXCL + policyId + "#" + hostId);
    }

    static String targetPartition(String targetType, String targetId) {
        return "POLICY_TARGET#" + targetType + "#" + targetId;
    }

    static ItemKey targetAssignmentKey(TenantContext ctx, String targetType, String targetId, String policyId) {
        return ItemKey.of(ctx, targetPartition(targetType, targetId), ASSIGN + policyId);
    }

    static ItemKey targetExclusionKey(TenantContext ctx, String hostId, String policyId) {
        return ItemKey.of(ctx, targetPartition(PolicyAssignment.HOST, hostId), EXCL + policyId);
    }

    public void create(TenantContext ctx, PatchPolicy policy) {
        store.put(ctx, Item.of(policyKey(ctx, policy.id()), "patch_policy", policy));
    }

    /** @return false (nothing written) when the policy was deleted meanwhile: an edit never brings a policy back */
    public boolean replace(TenantContext ctx, PatchPolicy policy) {
        return store.replaceIf(ctx, Item.of(policyKey(ctx, policy.id()), "patch_policy", policy), "id", policy.id());
    }

    public Optional<PatchPolicy> find(TenantContext ctx, String policyId) {
        return store.get(ctx, policyKey(ctx, policyId), PatchPolicy.class);
    }

    public List<PatchPolicy> list(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(POLICIES).sortBeginsWith(POLICY).limit(QuerySpec.MAX_LIMIT), PatchPolicy.class);
    }

    /** Every assignment of the tenant (for the list's counts). */
    public List<PolicyAssignment> assignments(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(POLICIES).sortBeginsWith(ASSIGN).limit(QuerySpec.MAX_LIMIT), PolicyAssignment.class);
    }

    public List<PolicyAssignment> assignments(TenantContext ctx, String policyId) {
        return store.queryAll(ctx, QuerySpec.partition(POLICIES).sortBeginsWith(ASSIGN + policyId + "#").limit(QuerySpec.MAX_LIMIT),
                PolicyAssignment.class);
    }

    public Optional<PolicyAssignment> assignment(TenantContext ctx, String policyId, String assignmentId) {
        return store.get(ctx, assignmentKey(ctx, policyId, assignmentId), PolicyAssignment.class);
    }

    /** Every exclusion of the tenant (for the list's counts). */
    public List<PolicyExclusion> exclusions(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(POLICIES).sortBeginsWith(EXCL).limit(QuerySpec.MAX_LIMIT), PolicyExclusion.class);
    }

    public List<PolicyExclusion> exclusions(TenantContext ctx, String policyId) {
        return store.queryAll(ctx, QuerySpec.partition(POLICIES).sortBeginsWith(EXCL + policyId + "#").limit(QuerySpec.MAX_LIMIT),
                PolicyExclusion.class);
    }

    /** @throws cloud.patchmon.core.storage.ConditionFailedException when the policy is already assigned to the target */
    public void addAssignment(TenantContext ctx, PolicyAssignment a) {
        store.transact(ctx, List.of(
                new Write.Put(Item.of(assignmentKey(ctx, a.policyId(), a.id()), "patch_policy_assignment", a), true),
                new Write.Put(Item.of(targetAssignmentKey(ctx, a.targetType(), a.targetId(), a.policyId()), "patch_policy_target",
                        new TargetEntry(TargetEntry.ASSIGNMENT, a.policyId(), a.id(), a.createdAt())), true)));
    }

    public void removeAssignment(TenantContext ctx, PolicyAssignment a) {
        store.transact(ctx, List.of(
                new Write.Delete(assignmentKey(ctx, a.policyId(), a.id()), false),
                new Write.Delete(targetAssignmentKey(ctx, a.targetType(), a.targetId(), a.policyId()), false)));
    }

    /** @throws cloud.patchmon.core.storage.ConditionFailedException when the host is already excluded from the policy */
    public void addExclusion(TenantContext ctx, PolicyExclusion e) {
        store.transact(ctx, List.of(
                new Write.Put(Item.of(exclusionKey(ctx, e.policyId(), e.hostId()), "patch_policy_exclusion", e), true),
                new Write.Put(Item.of(targetExclusionKey(ctx, e.hostId(), e.policyId()), "patch_policy_target",
                        new TargetEntry(TargetEntry.EXCLUSION, e.policyId(), null, e.createdAt())), true)));
    }

    /** @return whether the host was excluded */
    public boolean removeExclusion(TenantContext ctx, String policyId, String hostId) {
        if (store.get(ctx, exclusionKey(ctx, policyId, hostId), PolicyExclusion.class).isEmpty()) {
            return false;
        }
        store.transact(ctx, List.of(
                new Write.Delete(exclusionKey(ctx, policyId, hostId), false),
                new Write.Delete(targetExclusionKey(ctx, hostId, policyId), false)));
        return true;
    }

    /** The policy, then everything that hangs off it (both shapes). */
    public void delete(TenantContext ctx, PatchPolicy policy) {
        store.delete(ctx, policyKey(ctx, policy.id()));
        List<ItemKey> keys = new ArrayList<>();
        for (PolicyAssignment a : assignments(ctx, policy.id())) {
            keys.add(assignmentKey(ctx, a.policyId(), a.id()));
            keys.add(targetAssignmentKey(ctx, a.targetType(), a.targetId(), a.policyId()));
        }
        for (PolicyExclusion e : exclusions(ctx, policy.id())) {
            keys.add(exclusionKey(ctx, e.policyId(), e.hostId()));
            keys.add(targetExclusionKey(ctx, e.hostId(), e.policyId()));
        }
        store.writeAll(ctx, List.of(), keys);
    }

    /** One query: the policies assigned to a target and, for a host, the policies excluding it. */
    public List<TargetEntry> targetEntries(TenantContext ctx, String targetType, String targetId) {
        return store.queryAll(ctx, QuerySpec.partition(targetPartition(targetType, targetId)).limit(QuerySpec.MAX_LIMIT), TargetEntry.class);
    }

    /**
     * Removes every assignment to a deleted host or host group and every exclusion of a deleted host, so no policy keeps
     * pointing at it. Repeating it is harmless.
     */
    public void forgetTarget(TenantContext ctx, String targetType, String targetId) {
        List<ItemKey> keys = new ArrayList<>();
        for (TargetEntry entry : targetEntries(ctx, targetType, targetId)) {
            if (entry.isAssignment()) {
                keys.add(assignmentKey(ctx, entry.policyId(), entry.assignmentId()));
                keys.add(targetAssignmentKey(ctx, targetType, targetId, entry.policyId()));
            } else {
                keys.add(exclusionKey(ctx, entry.policyId(), targetId));
                keys.add(targetExclusionKey(ctx, targetId, entry.policyId()));
            }
        }
        store.writeAll(ctx, List.of(), keys);
    }
}
