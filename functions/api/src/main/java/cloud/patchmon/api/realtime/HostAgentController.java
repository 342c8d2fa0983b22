package cloud.patchmon.api.realtime;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.realtime.AgentCommands;
import cloud.patchmon.core.realtime.AgentJob;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.realtime.AgentSettings;
import cloud.patchmon.core.realtime.PendingConfig;
import cloud.patchmon.core.realtime.PendingConfigs;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Host Detail's agent work: the Agent Queue tab, Update Now, the Agent Auto-update switch, and the Integrations tab's
 * staging and Apply (ch. 4, 12).
 */
@RestController
public class HostAgentController {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private final AgentJobs jobs;
    private final AgentCommands commands;
    private final PendingConfigs configs;
    private final AgentSettings settings;

    public HostAgentController(AgentJobs jobs, AgentCommands commands, PendingConfigs configs, AgentSettings settings) {
        this.jobs = jobs;
        this.commands = commands;
        this.configs = configs;
        this.settings = settings;
    }

    /** A job as the queue shows it; the Integration API's {@code job_history} fields plus the state changes. */
    public record JobView(String id, String jobId, String jobName, String status, int attempt, Instant createdAt, Instant sentAt,
                          Instant completedAt, String errorMessage, String output, List<AgentJob.Change> history) {
        public static JobView of(AgentJob job) {
            return new JobView(job.jobId(), job.jobId(), job.type(), job.status(), job.attempts(), job.createdAt(), job.sentAt(),
                    job.completedAt(), job.errorMessage(), job.output(), job.history());
        }
    }

    public record QueueView(String hostId, Map<String, Integer> queueStatus, List<JobView> jobHistory, int totalJobs) {
        public static QueueView of(AgentJobs.Queue queue) {
            return new QueueView(queue.hostId(), queue.queueStatus(), queue.jobs().stream().map(JobView::of).toList(), queue.totalJobs());
        }
    }

    public record JobResponse(String message, JobView job) {
    }

    public record IntegrationsView(String hostId, Map<String, Object> integrations, PendingConfig pending, JobView applyJob) {
    }

    /** @throws DomainException 400 unless {@code limit} is 1..100 */
    public static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw DomainException.invalid("limit", "limit must be an integer between 1 and " + MAX_LIMIT);
    }

    @GetMapping("/api/v1/hosts/{id}/agent-queue")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public QueueView queue(AuthenticatedUser actor, @PathVariable String id, @RequestParam(required = false) String limit) {
        return QueueView.of(jobs.queue(actor.context(), id, limit(limit)));
    }

    @PostMapping("/api/v1/hosts/{id}/update-agent")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public ResponseEntity<JobResponse> updateAgent(AuthenticatedUser actor, @PathVariable String id) {
        return accepted("Agent update requested", commands.updateAgent(actor.context(), id));
    }

    /**
     * @param autoUpdate       the host's own switch
     * @param globalAutoUpdate Settings → Agent Updates' switch (the page's warning badge while it is off)
     * @param agentNotified    after a change: whether it was pushed to the connected agent
     */
    public record AutoUpdateView(String hostId, boolean autoUpdate, boolean globalAutoUpdate, boolean effective, Boolean agentNotified) {
        static AutoUpdateView of(AgentSettings.HostAutoUpdate state, Boolean notified) {
            return new AutoUpdateView(state.hostId(), state.autoUpdate(), state.globalAutoUpdate(), state.effective(), notified);
        }
    }

    @GetMapping("/api/v1/hosts/{id}/auto-update")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public AutoUpdateView autoUpdate(AuthenticatedUser actor, @PathVariable String id) {
        return AutoUpdateView.of(settings.host(actor.context(), id), null);
    }

    @PatchMapping("/api/v1/hosts/{id}/auto-update")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public AutoUpdateView setAutoUpdate(AuthenticatedUser actor, @PathVariable String id, @RequestBody JsonNode body) {
        JsonNode enabled = body == null ? null : body.get("auto_update");
        if (enabled == null || !enabled.isBoolean()) {
            throw DomainException.invalid("auto_update", "auto_update must be true or false");
        }
        AgentSettings.HostOutcome outcome = settings.setHost(actor.context(), id, enabled.booleanValue());
        return AutoUpdateView.of(outcome.state(), outcome.pushed());
    }

    @PostMapping("/api/v1/hosts/{id}/refresh-integration-status")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public ResponseEntity<JobResponse> refreshIntegrationStatus(AuthenticatedUser actor, @PathVariable String id) {
        return accepted("Integration status requested", commands.refreshIntegrationStatus(actor.context(), id));
    }

    @GetMapping("/api/v1/hosts/{id}/integrations")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public IntegrationsView integrations(AuthenticatedUser actor, @PathVariable String id) {
        return view(configs.view(actor.context(), id));
    }

    public record StageBody(Boolean docker, String compliance, Boolean openscapEnabled, Boolean dockerBenchEnabled) {
    }

    @PutMapping("/api/v1/hosts/{id}/pending-config")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public IntegrationsView stage(AuthenticatedUser actor, @PathVariable String id, @RequestBody StageBody body) {
        return view(configs.stage(actor.context(), id, new PendingConfigs.Changes(body.docker(), body.compliance(),
                body.openscapEnabled(), body.dockerBenchEnabled())));
    }

    @DeleteMapping("/api/v1/hosts/{id}/pending-config")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public IntegrationsView discard(AuthenticatedUser actor, @PathVariable String id) {
        configs.discard(actor.context(), id);
        return view(configs.view(actor.context(), id));
    }

    /** Apply: 202 either way; {@code job.status} says whether it went out ({@code active}) or waits for the agent ({@code delayed}). */
    @PostMapping("/api/v1/hosts/{id}/apply-config")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public ResponseEntity<JobResponse> apply(AuthenticatedUser actor, @PathVariable String id) {
        AgentJob job = configs.apply(actor.context(), id);
        return accepted(AgentJob.DELAYED.equals(job.status())
                ? "Agent is offline; the configuration is applied when it reconnects" : "Configuration sent to the agent", job);
    }

    private static IntegrationsView view(PendingConfigs.View view) {
        return new IntegrationsView(view.hostId(), view.integrations(), view.pending(), view.job() == null ? null : JobView.of(view.job()));
    }

    private static ResponseEntity<JobResponse> accepted(String message, AgentJob job) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new JobResponse(message, JobView.of(job)));
    }
}
