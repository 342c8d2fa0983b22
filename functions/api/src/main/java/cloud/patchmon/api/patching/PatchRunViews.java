package cloud.patchmon.api.patching;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.patching.PatchRun;
import cloud.patchmon.core.patching.PolicySnapshot;

import java.util.LinkedHashMap;
import java.util.Map;

/** A run as the API shows it (PATCHING-CONTRACT.md "Run JSON"); list rows leave out {@code shell_output}. */
final class PatchRunViews {

    private PatchRunViews() {
    }

    /**
     * @param host   the host as it is now, or {@code null} once it was deleted (the names kept on the run stand in)
     * @param output the whole output for the detail view, {@code null} for a list row
     */
    static Map<String, Object> view(PatchRun run, Host host, String output) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id());
        view.put("host_id", run.hostId());
        Map<String, Object> hostView = new LinkedHashMap<>();
        hostView.put("id", run.hostId());
        hostView.put("friendly_name", host != null ? host.friendlyName() : run.hostName());
        hostView.put("hostname", host != null ? host.hostname() : run.hostname());
        view.put("host", hostView);
        view.put("patch_type", run.patchType());
        view.put("dry_run", run.dryRun());
        view.put("package_names", run.packageNames());
        view.put("status", run.status());
        if (output != null) {
            view.put("shell_output", output);
        }
        view.put("error_message", run.errorMessage());
        view.put("packages_affected", run.packagesAffected());
        long extra = run.extraDepsCount();
        view.put("extra_deps", extra > 0);
        view.put("extra_deps_count", extra);
        view.put("initiated_by", run.initiatedBy());
        view.put("approved_by", run.approvedBy());
        view.put("created_at", run.createdAt());
        view.put("started_at", run.startedAt());
        view.put("completed_at", run.completedAt());
        view.put("scheduled_at", run.scheduledAt());
        view.put("validation_run_id", run.validationRunId());
        view.put("approved_run_id", run.approvedRunId());
        PolicySnapshot policy = run.policy();
        view.put("policy_id", policy.policyId());
        view.put("policy_name", policy.name());
        view.put("policy_snapshot", policy.toJson());
        view.put("schedule_override", run.scheduleOverride());
        view.put("awaiting_post_patch_report", run.awaitingPostPatchReport());
        view.put("post_patch_report_received", run.postPatchReportReceived());
        return view;
    }
}
