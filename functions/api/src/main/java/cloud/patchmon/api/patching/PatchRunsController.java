package cloud.patchmon.api.patching;

import cloud.patchmon.api.auth.AuthViews.Message;
import cloud.patchmon.api.security.RequiresModule;
import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.patching.PatchRun;
import cloud.patchmon.core.patching.PatchRunService;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.tenants.PlanModule;
import cloud.patchmon.core.tenancy.TenantContext;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Patching → Runs &amp; History, the trigger, approvals and the dashboard (chapters 9 and 11). */
@RequiresModule(PlanModule.PATCHING)
@RestController
public class PatchRunsController {

    private final PatchRunService runs;

    public PatchRunsController(PatchRunService runs) {
        this.runs = runs;
    }

    public record TriggerBody(List<String> hostIds, String hostId, String patchType, List<String> packageNames, Boolean dryRun,
                              Boolean submitForApproval, String scheduleOverride) {
    }

    public record ApproveBody(String scheduleOverride) {
    }

    public record BulkBody(List<String> runIds, String scheduleOverride) {
    }

    @PostMapping("/api/v1/patching/trigger")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Map<String, Object> trigger(AuthenticatedUser actor, @RequestBody TriggerBody body) {
        List<String> hostIds = body.hostIds() != null ? body.hostIds() : body.hostId() != null ? List.of(body.hostId()) : List.of();
        List<PatchRun> created = runs.trigger(actor.context(), actor.user().username(), new PatchRunService.TriggerRequest(hostIds,
                body.patchType(), body.packageNames(), Boolean.TRUE.equals(body.dryRun()), Boolean.TRUE.equals(body.submitForApproval()),
                body.scheduleOverride()));
        Map<String, Host> byId = runs.hostsOf(actor.context(), created);
        return Map.of("runs", created.stream().map(r -> PatchRunViews.view(r, byId.get(r.hostId()), null)).toList());
    }

    @GetMapping("/api/v1/patching/runs")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public Map<String, Object> list(AuthenticatedUser actor, @RequestParam(required = false) Integer limit,
                                    @RequestParam(required = false) Integer offset, @RequestParam(required = false) String status,
                                    @RequestParam(required = false) String type, @RequestParam(name = "host_id", required = false) String hostId,
                                    @RequestParam(name = "sort_by", required = false) String sortBy,
                                    @RequestParam(name = "sort_dir", required = false) String sortDir) {
        PatchRunService.RunPage page = runs.list(actor.context(), new PatchRunService.ListQuery(limit, offset, status, type, hostId, sortBy, sortDir));
        Map<String, Host> byId = runs.hostsOf(actor.context(), page.runs());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runs", page.runs().stream().map(r -> PatchRunViews.view(r, byId.get(r.hostId()), null)).toList());
        answer.put("total", page.total());
        answer.put("limit", page.limit());
        answer.put("offset", page.offset());
        return answer;
    }

    @GetMapping("/api/v1/patching/runs/{id}")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public Map<String, Object> get(AuthenticatedUser actor, @PathVariable String id) {
        PatchRun run = runs.get(actor.context(), id);
        return PatchRunViews.view(run, hostOf(actor.context(), run.hostId()), runs.output(actor.context(), run));
    }

    @GetMapping("/api/v1/patching/dashboard")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public Map<String, Object> dashboard(AuthenticatedUser actor) {
        PatchRunService.Dashboard d = runs.dashboard(actor.context());
        Map<String, Host> byId = runs.hostsOf(actor.context(), d.recentRuns());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total_runs", d.totalRuns());
        answer.put("queued", d.queued());
        answer.put("running", d.running());
        answer.put("completed", d.completed());
        answer.put("failed", d.failed());
        answer.put("pending_approval", d.pendingApproval());
        answer.put("validated", d.validated());
        answer.put("scheduled", d.scheduled());
        answer.put("recent_runs", d.recentRuns().stream().map(r -> PatchRunViews.view(r, byId.get(r.hostId()), null)).toList());
        return answer;
    }

    @PostMapping("/api/v1/patching/runs/{id}/approve")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Map<String, Object> approve(AuthenticatedUser actor, @PathVariable String id, @RequestBody(required = false) ApproveBody body) {
        PatchRunService.Approval approval = runs.approve(actor.context(), actor.user().username(), id, body == null ? null : body.scheduleOverride());
        return approvalView(approval, hostOf(actor.context(), approval.run().hostId()));
    }

    @PostMapping("/api/v1/patching/runs/{id}/retry-validation")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Map<String, Object> retryValidation(AuthenticatedUser actor, @PathVariable String id) {
        PatchRun run = runs.retryValidation(actor.context(), id);
        return PatchRunViews.view(run, hostOf(actor.context(), run.hostId()), null);
    }

    @PostMapping("/api/v1/patching/runs/{id}/stop")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Message stop(AuthenticatedUser actor, @PathVariable String id) {
        runs.stop(actor.context(), id);
        return new Message("Stop requested");
    }

    @DeleteMapping("/api/v1/patching/runs/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Message delete(AuthenticatedUser actor, @PathVariable String id) {
        runs.delete(actor.context(), id);
        return new Message("Patch run deleted");
    }

    @PostMapping("/api/v1/patching/runs/bulk-delete")
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Map<String, Object> bulkDelete(AuthenticatedUser actor, @RequestBody BulkBody body) {
        PatchRunService.BulkDelete result = runs.bulkDelete(actor.context(), body.runIds());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deleted", result.deleted());
        answer.put("failed", result.failed());
        return answer;
    }

    @PostMapping("/api/v1/patching/runs/bulk-approve")
    @RequiresPermission(Permission.CAN_MANAGE_PATCHING)
    public Map<String, Object> bulkApprove(AuthenticatedUser actor, @RequestBody BulkBody body) {
        PatchRunService.BulkApprove result = runs.bulkApprove(actor.context(), actor.user().username(), body.runIds(), body.scheduleOverride());
        Map<String, Host> byId = runs.hostsOf(actor.context(), result.approved().stream().map(PatchRunService.Approval::run).toList());
        List<Map<String, Object>> approved = new ArrayList<>();
        for (PatchRunService.Approval approval : result.approved()) {
            approved.add(approvalView(approval, byId.get(approval.run().hostId())));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("approved", approved);
        answer.put("failed", result.failed());
        return answer;
    }

    private static Map<String, Object> approvalView(PatchRunService.Approval approval, Host host) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("validation_run_id", approval.validation().id());
        answer.put("run", PatchRunViews.view(approval.run(), host, null));
        return answer;
    }

    private Host hostOf(TenantContext ctx, String hostId) {
        return runs.host(ctx, hostId).orElse(null);
    }
}
