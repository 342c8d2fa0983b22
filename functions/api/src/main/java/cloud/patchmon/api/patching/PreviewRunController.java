package cloud.patchmon.api.patching;

import cloud.patchmon.api.security.RequiresModule;
import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.patching.PolicySchedule;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.patching.policies.PlanPolicies;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.tenants.PlanModule;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The Patch Wizard's Timing step (chapter 10, "Checking the effective policy"): when a run triggered now would fire. */
@RequiresModule(PlanModule.PATCHING)
@RestController
public class PreviewRunController {

    private final PlanPolicies resolver;
    private final Clock clock;

    public PreviewRunController(PlanPolicies resolver, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
    }

    public record Preview(String hostId, String runAtIso, boolean immediate, Map<String, Object> policy) {
    }

    @GetMapping("/api/v1/patching/preview-run")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    @Operation(summary = "Preview when a run triggered now would fire on a host", description = PatchPoliciesController.SCHEDULE_NOTE)
    public Preview preview(AuthenticatedUser actor, @RequestParam(name = "host_id", required = false) String hostId) {
        if (hostId == null || hostId.isBlank()) {
            throw DomainException.badRequest("host_id is required");
        }
        PolicySnapshot policy = resolver.resolve(actor.context(), hostId).orElseThrow(() -> DomainException.notFound("Host not found"));
        Instant now = clock.instant();
        Instant runAt = PolicySchedule.runAt(policy, now);
        return new Preview(hostId, runAt.toString(), !runAt.isAfter(now.truncatedTo(ChronoUnit.SECONDS)), policy.toJson());
    }
}
