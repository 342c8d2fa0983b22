package cloud.patchmon.core.patching.policies;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.patching.EffectivePolicies;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.patching.policies.PolicyRepository.TargetEntry;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The effective policy of a host (chapter 10, "Effective Policy Resolution"): its oldest direct assignment (exclusions
 * do not apply to it), else the oldest assignment of any of its groups whose policy does not exclude it, else
 * {@link PolicySnapshot#DEFAULT}.
 *
 * <p>Cost per host: the host item, its own target partition (direct assignments and exclusions in one query), one query
 * per group it is in, and the winning policy's item: independent of how many policies the tenant has.
 */
public final class PolicyResolver implements EffectivePolicies {

    private static final Comparator<TargetEntry> OLDEST_FIRST = Comparator.comparing(TargetEntry::createdAt)
            .thenComparing(TargetEntry::assignmentId);

    private final HostRepository hosts;
    private final PolicyRepository policies;

    public PolicyResolver(ItemStore store) {
        this.hosts = new HostRepository(store);
        this.policies = new PolicyRepository(store);
    }

    @Override
    public PolicySnapshot effectiveFor(TenantContext ctx, String hostId) {
        return resolve(ctx, hostId).orElse(PolicySnapshot.DEFAULT);
    }

    /** @return the host's effective policy, or empty when the tenant has no such host */
    public Optional<PolicySnapshot> resolve(TenantContext ctx, String hostId) {
        if (!PatchPolicyService.plausibleId(hostId)) {
            return Optional.empty();
        }
        return hosts.find(ctx, hostId).map(host -> resolve(ctx, host));
    }

    private PolicySnapshot resolve(TenantContext ctx, Host host) {
        List<TargetEntry> own = policies.targetEntries(ctx, PolicyAssignment.HOST, host.id());
        Optional<PolicySnapshot> direct = firstExisting(ctx, own.stream().filter(TargetEntry::isAssignment).sorted(OLDEST_FIRST).toList());
        if (direct.isPresent()) {
            return direct.get();
        }
        Set<String> excluding = own.stream().filter(e -> !e.isAssignment()).map(TargetEntry::policyId).collect(Collectors.toSet());
        List<TargetEntry> viaGroups = new ArrayList<>();
        for (String groupId : host.groupIds()) {
            policies.targetEntries(ctx, PolicyAssignment.HOST_GROUP, groupId).stream()
                    .filter(TargetEntry::isAssignment)
                    .filter(e -> !excluding.contains(e.policyId()))
                    .forEach(viaGroups::add);
        }
        viaGroups.sort(OLDEST_FIRST);
        return firstExisting(ctx, viaGroups).orElse(PolicySnapshot.DEFAULT);
    }

    /** Entries whose policy is gone (deleted while an assignment was being added) are skipped. */
    private Optional<PolicySnapshot> firstExisting(TenantContext ctx, List<TargetEntry> candidates) {
        for (TargetEntry entry : candidates) {
            Optional<PatchPolicy> policy = policies.find(ctx, entry.policyId());
            if (policy.isPresent()) {
                return Optional.of(policy.get().snapshot());
            }
        }
        return Optional.empty();
    }
}
