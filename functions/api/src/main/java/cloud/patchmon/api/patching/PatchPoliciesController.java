package cloud.patchmon.api.patching;

import cloud.patchmon.api.auth.AuthViews.Message;
import cloud.patchmon.api.security.RequiresModule;
import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.patching.policies.PatchPolicy;
import cloud.patchmon.core.patching.policies.PatchPolicyService;
import cloud.patchmon.core.patching.policies.PatchPolicyService.AssignmentView;
import cloud.patchmon.core.patching.policies.PatchPolicyService.ExclusionView;
import cloud.patchmon.core.patching.policies.PatchPolicyService.PolicyDetail;
import cloud.patchmon.core.patching.policies.PatchPolicyService.PolicyFields;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.tenants.PlanModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** Patching → Policies and Settings → Patch Management (chapter 10): both pages use these routes. */
@RequiresModule({PlanModule.PATCHING, PlanModule.PATCHING_POLICIES})
@RestController
public class PatchPoliciesController {

    static final String SCHEDULE_NOTE = """
            PatchMon Cloud difference: when timezone is set, fixed_time_utc is read as wall-clock time in that IANA zone \
            (DST honoured: a time inside a spring-forward gap fires one gap-length later, a time inside a fall-back \
            overlap fires once, at its first occurrence); without a timezone it is UTC. PatchMon reads fixed_time_utc \
            as UTC and shows the timezone only as a label.""";

    private final PatchPolicyService policies;

    public PatchPoliciesController(PatchPolicyService policies) {
        this.policies = policies;
    }

    public record PolicyBody(String name, String description, String patchDelayType, Integer delayMinutes, String fixedTimeUtc,
                             String timezone) {
        PolicyFields fields() {
            return new PolicyFields(name, description, patchDelayType, delayMinutes, fixedTimeUtc, timezone);
        }
    }

    public record AssignmentBody(String targetType, String targetId) {
    }

    public record ExclusionBody(String hostId) {
    }

    public record AssignmentJson(String id, String targetType, String targetId, String targetName, Instant createdAt) {
        static AssignmentJson of(AssignmentView v) {
            return new AssignmentJson(v.assignment().id(), v.assignment().targetType(), v.assignment().targetId(), v.targetName(),
                    v.assignment().createdAt());
        }
    }

    public record ExclusionJson(String hostId, String hostName, Instant createdAt) {
        static ExclusionJson of(ExclusionView v) {
            return new ExclusionJson(v.exclusion().hostId(), v.hostName(), v.exclusion().createdAt());
        }
    }

    public record PolicyJson(String id, String name, String description, String patchDelayType, Integer delayMinutes,
                             String fixedTimeUtc, String timezone, int assignmentCount, int exclusionCount, Instant createdAt,
                             Instant updatedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<AssignmentJson> assignments,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<ExclusionJson> exclusions) {
        static PolicyJson of(PatchPolicy p, int assignmentCount, int exclusionCount, List<AssignmentJson> assignments,
                             List<ExclusionJson> exclusions) {
            return new PolicyJson(p.id(), p.name(), p.description(), p.patchDelayType(), p.delayMinutes(), p.fixedTimeUtc(), p.timezone(),
                    assignmentCount, exclusionCount, p.createdAt(), p.updatedAt(), assignments, exclusions);
        }

        static PolicyJson of(PolicyDetail d) {
            return of(d.policy(), d.assignments().size(), d.exclusions().size(),
                    d.assignments().stream().map(AssignmentJson::of).toList(), d.exclusions().stream().map(ExclusionJson::of).toList());
        }
    }

    public record PolicyList(List<PolicyJson> policies) {
    }

    @GetMapping("/api/v1/patching/policies")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public PolicyList list(AuthenticatedUser actor) {
        return new PolicyList(policies.list(actor.context()).stream()
                .map(s -> PolicyJson.of(s.policy(), s.assignmentCount(), s.exclusionCount(), null, null)).toList());
    }

    @PostMapping("/api/v1/patching/policies")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    @Operation(summary = "Create a patch policy", description = SCHEDULE_NOTE)
    public PolicyJson create(AuthenticatedUser actor, @RequestBody PolicyBody body) {
        PatchPolicy created = policies.create(actor.context(), body.fields());
        return PolicyJson.of(created, 0, 0, List.of(), List.of());
    }

    @GetMapping("/api/v1/patching/policies/{id}")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public PolicyJson get(AuthenticatedUser actor, @PathVariable String id) {
        return PolicyJson.of(policies.get(actor.context(), id));
    }

    @PutMapping("/api/v1/patching/policies/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    @Operation(summary = "Replace a patch policy's fields", description = SCHEDULE_NOTE)
    public PolicyJson update(AuthenticatedUser actor, @PathVariable String id, @RequestBody PolicyBody body) {
        policies.update(actor.context(), id, body.fields());
        return PolicyJson.of(policies.get(actor.context(), id));
    }

    @DeleteMapping("/api/v1/patching/policies/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Message delete(AuthenticatedUser actor, @PathVariable String id) {
        policies.delete(actor.context(), id);
        return new Message("Policy deleted");
    }

    @PostMapping("/api/v1/patching/policies/{id}/assignments")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public AssignmentJson assign(AuthenticatedUser actor, @PathVariable String id, @RequestBody AssignmentBody body) {
        return AssignmentJson.of(policies.assign(actor.context(), id, body.targetType(), body.targetId()));
    }

    @DeleteMapping("/api/v1/patching/policies/{id}/assignments/{assignmentId}")
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Message unassign(AuthenticatedUser actor, @PathVariable String id, @PathVariable String assignmentId) {
        policies.unassign(actor.context(), id, assignmentId);
        return new Message("Assignment removed");
    }

    @PostMapping("/api/v1/patching/policies/{id}/exclusions")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public ExclusionJson exclude(AuthenticatedUser actor, @PathVariable String id, @RequestBody ExclusionBody body) {
        return ExclusionJson.of(policies.exclude(actor.context(), id, body.hostId()));
    }

    @DeleteMapping("/api/v1/patching/policies/{id}/exclusions/{hostId}")
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Message unexclude(AuthenticatedUser actor, @PathVariable String id, @PathVariable String hostId) {
        policies.unexclude(actor.context(), id, hostId);
        return new Message("Exclusion removed");
    }
}
