package cloud.patchmon.core.patching.policies;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.hosts.HostGroupRepository;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.storage.ConditionFailedException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Patch policies (chapter 10): the policy list and editor, assignments to hosts and host groups, host exclusions. */
public final class PatchPolicyService {

    static final int MAX_NAME = 255;
    /** Longer than any id this service or the hosts hand out; refused before it reaches a key (DynamoDB caps sort keys at 1 KB). */
    static final int MAX_ID = 200;
    static final int MAX_DESCRIPTION = 1000;

    private final PolicyRepository policies;
    private final HostRepository hosts;
    private final HostGroupRepository groups;
    private final Clock clock;

    public PatchPolicyService(ItemStore store, Clock clock) {
        this.policies = new PolicyRepository(store);
        this.hosts = new HostRepository(store);
        this.groups = new HostGroupRepository(store);
        this.clock = clock;
    }

    /** The editable fields, as the create and edit forms send them. */
    public record PolicyFields(String name, String description, String patchDelayType, Integer delayMinutes, String fixedTimeUtc,
                               String timezone) {
    }

    /** A row of the Policies list. */
    public record PolicySummary(PatchPolicy policy, int assignmentCount, int exclusionCount) {
    }

    /** An assignment with the name of what it targets. */
    public record AssignmentView(PolicyAssignment assignment, String targetName) {
    }

    /** An exclusion with the host's name. */
    public record ExclusionView(PolicyExclusion exclusion, String hostName) {
    }

    /** A policy with what it applies to and whom it spares. */
    public record PolicyDetail(PatchPolicy policy, List<AssignmentView> assignments, List<ExclusionView> exclusions) {
    }

    /** Three queries whatever the number of policies: the policies, all assignments, all exclusions. */
    public List<PolicySummary> list(TenantContext ctx) {
        Map<String, Long> assigned = policies.assignments(ctx).stream().collect(Collectors.groupingBy(PolicyAssignment::policyId, Collectors.counting()));
        Map<String, Long> excluded = policies.exclusions(ctx).stream().collect(Collectors.groupingBy(PolicyExclusion::policyId, Collectors.counting()));
        return policies.list(ctx).stream()
                .sorted(Comparator.comparing((PatchPolicy p) -> p.name().toLowerCase(Locale.ROOT)).thenComparing(PatchPolicy::createdAt))
                .map(p -> new PolicySummary(p, assigned.getOrDefault(p.id(), 0L).intValue(), excluded.getOrDefault(p.id(), 0L).intValue()))
                .toList();
    }

    public PolicyDetail get(TenantContext ctx, String policyId) {
        PatchPolicy policy = find(ctx, policyId);
        List<AssignmentView> assignments = policies.assignments(ctx, policyId).stream()
                .sorted(Comparator.comparing(PolicyAssignment::createdAt).thenComparing(PolicyAssignment::id))
                .map(a -> new AssignmentView(a, targetName(ctx, a.targetType(), a.targetId()).orElse(null)))
                .toList();
        List<ExclusionView> exclusions = policies.exclusions(ctx, policyId).stream()
                .sorted(Comparator.comparing(PolicyExclusion::createdAt).thenComparing(PolicyExclusion::hostId))
                .map(e -> new ExclusionView(e, hosts.find(ctx, e.hostId()).map(PatchPolicyService::hostName).orElse(null)))
                .toList();
        return new PolicyDetail(policy, assignments, exclusions);
    }

    public PatchPolicy create(TenantContext ctx, PolicyFields fields) {
        Instant now = clock.instant();
        PatchPolicy policy = validated(UUID.randomUUID().toString(), fields, now, now);
        policies.create(ctx, policy);
        return policy;
    }

    /** Replaces every editable field (PUT): runs already triggered keep their snapshots. */
    public PatchPolicy update(TenantContext ctx, String policyId, PolicyFields fields) {
        PatchPolicy existing = find(ctx, policyId);
        PatchPolicy updated = validated(existing.id(), fields, existing.createdAt(), clock.instant());
        if (!policies.replace(ctx, updated)) {
            throw DomainException.notFound("Policy not found");
        }
        return updated;
    }

    /** Cascades to the policy's assignments and exclusions; runs keep the name in their snapshots. */
    public void delete(TenantContext ctx, String policyId) {
        policies.delete(ctx, find(ctx, policyId));
    }

    public AssignmentView assign(TenantContext ctx, String policyId, String targetType, String targetId) {
        find(ctx, policyId);
        if (!PolicyAssignment.HOST.equals(targetType) && !PolicyAssignment.HOST_GROUP.equals(targetType)) {
            throw DomainException.badRequest("target_type must be host or host_group");
        }
        if (targetId == null || targetId.isBlank()) {
            throw DomainException.badRequest("target_id is required");
        }
        String name = targetName(ctx, targetType, targetId).orElseThrow(() -> DomainException.notFound(
                PolicyAssignment.HOST.equals(targetType) ? "Host not found" : "Host group not found"));
        PolicyAssignment assignment = new PolicyAssignment(UUID.randomUUID().toString(), policyId, targetType, targetId, clock.instant());
        try {
            policies.addAssignment(ctx, assignment);
        } catch (ConditionFailedException duplicate) {
            throw DomainException.conflict(PolicyAssignment.HOST.equals(targetType)
                    ? "Policy is already assigned to this host" : "Policy is already assigned to this host group");
        }
        return new AssignmentView(assignment, name);
    }

    public void unassign(TenantContext ctx, String policyId, String assignmentId) {
        find(ctx, policyId);
        PolicyAssignment assignment = (plausibleId(assignmentId) ? policies.assignment(ctx, policyId, assignmentId) : Optional.<PolicyAssignment>empty())
                .orElseThrow(() -> DomainException.notFound("Assignment not found"));
        policies.removeAssignment(ctx, assignment);
    }

    public ExclusionView exclude(TenantContext ctx, String policyId, String hostId) {
        find(ctx, policyId);
        if (hostId == null || hostId.isBlank()) {
            throw DomainException.badRequest("host_id is required");
        }
        Host host = (plausibleId(hostId) ? hosts.find(ctx, hostId) : Optional.<Host>empty())
                .orElseThrow(() -> DomainException.notFound("Host not found"));
        PolicyExclusion exclusion = new PolicyExclusion(policyId, hostId, clock.instant());
        try {
            policies.addExclusion(ctx, exclusion);
        } catch (ConditionFailedException duplicate) {
            throw DomainException.conflict("Host is already excluded from this policy");
        }
        return new ExclusionView(exclusion, hostName(host));
    }

    public void unexclude(TenantContext ctx, String policyId, String hostId) {
        find(ctx, policyId);
        if (!plausibleId(hostId) || !policies.removeExclusion(ctx, policyId, hostId)) {
            throw DomainException.notFound("Exclusion not found");
        }
    }

    /**
     * The policy the fields describe, or 400: name required (at most 255 characters), description at most 1000, and the
     * schedule rules of {@link PolicySnapshot} (delay_minutes at least 1 when delayed, HH:MM when fixed_time, an IANA zone).
     */
    static PatchPolicy validated(String id, PolicyFields fields, Instant createdAt, Instant updatedAt) {
        String name = fields.name() == null ? "" : fields.name().trim();
        if (name.isEmpty()) {
            throw DomainException.badRequest("Policy name is required");
        }
        if (name.length() > MAX_NAME) {
            throw DomainException.badRequest("Policy name must be at most " + MAX_NAME + " characters");
        }
        String description = fields.description() == null || fields.description().isBlank() ? null : fields.description().trim();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw DomainException.badRequest("Description must be at most " + MAX_DESCRIPTION + " characters");
        }
        PolicySnapshot schedule = new PolicySnapshot(id, name, fields.patchDelayType(), fields.delayMinutes(), fields.fixedTimeUtc(),
                fields.timezone() == null ? null : fields.timezone().trim());
        return new PatchPolicy(id, name, description, schedule.patchDelayType(), schedule.delayMinutes(), schedule.fixedTimeUtc(),
                schedule.timezone(), createdAt, updatedAt);
    }

    private PatchPolicy find(TenantContext ctx, String policyId) {
        return (plausibleId(policyId) ? policies.find(ctx, policyId) : Optional.<PatchPolicy>empty())
                .orElseThrow(() -> DomainException.notFound("Policy not found"));
    }

    static boolean plausibleId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_ID;
    }

    private Optional<String> targetName(TenantContext ctx, String targetType, String targetId) {
        if (!plausibleId(targetId)) {
            return Optional.empty();
        }
        Function<String, Optional<String>> lookup = PolicyAssignment.HOST.equals(targetType)
                ? id -> hosts.find(ctx, id).map(PatchPolicyService::hostName)
                : id -> groups.find(ctx, id).map(HostGroup::name);
        return lookup.apply(targetId);
    }

    private static String hostName(Host host) {
        return host.friendlyName() != null ? host.friendlyName() : host.hostname();
    }
}
