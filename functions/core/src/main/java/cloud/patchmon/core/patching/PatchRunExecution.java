package cloud.patchmon.core.patching;

import cloud.patchmon.core.realtime.AgentJob;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.workflows.Workflows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the PatchRun workflow's tasks do once the run's time has come: hand the run to the agent and wait, by task
 * token, for its start (RunPatch: as long as an offline agent takes to come back), then for its terminal stage
 * (AwaitResult: kept alive by the output's heartbeats), and record how the wait ended. Runs under the system principal
 * of the execution's tenant; the execution input names the tenant, never a browser.
 *
 * <p>Each wait's token is stored on the run by a conditional write, and the agent's stages end the run by conditional
 * writes too, so whichever comes second sees the other: a stage finds the token stored first and answers it
 * ({@link PatchRunAgentStages}), a task finds the stage that came first and answers its own token at once.
 */
public final class PatchRunExecution {

    /** The run cannot be handed to the agent: deleted, already ended, or its host is gone. */
    public static final class NotDispatchableException extends RuntimeException {
        public NotDispatchableException(String message) {
            super(message);
        }
    }

    public static final String TIMED_OUT_MESSAGE = "The agent did not report on the patch run in time";
    public static final String NOT_DISPATCHED_MESSAGE = "The patch run could not be handed to the agent";
    private static final Logger LOG = LoggerFactory.getLogger(PatchRunExecution.class);

    private final PatchRunRepository runs;
    private final AgentJobs jobs;
    private final PatchRunEvents events;
    private final PatchRunLive live;
    private final Supplier<Workflows> workflows;
    private final ObjectMapper json;
    private final Clock clock;

    /**
     * @param workflows answers a task's own token when the agent was quicker; resolved at each use (the local
     *                  interpreter runs these very tasks, so it exists only after them)
     */
    public PatchRunExecution(ItemStore store, AgentJobs jobs, PatchRunEvents events, PatchRunLive live, Supplier<Workflows> workflows,
                             ObjectMapper json, Clock clock) {
        this.runs = new PatchRunRepository(store);
        this.jobs = jobs;
        this.events = events;
        this.live = live;
        this.workflows = workflows;
        this.json = json;
        this.clock = clock;
    }

    public static TenantContext context(String tenantId) {
        return TenantContext.system(new TenantId(tenantId), "patch-run-workflow");
    }

    /**
     * Stores RunPatch's token on the run, moves a scheduled run to queued, and sends {@code run_patch}: to an offline
     * agent it goes out on its next connection, and the run stays queued meanwhile. A run the agent already started (a
     * retried invocation after the agent's {@code started} answered the previous attempt's token) is not sent again:
     * the new token is answered at once, so the workflow moves on to {@link #awaitResult}.
     *
     * @return the job handed to the agent, empty when the run had already started
     * @throws NotDispatchableException when the run is gone or already ended, so the workflow records that at once
     *                                  instead of waiting for a token nobody will send
     */
    public Optional<AgentJob> sendRunPatch(TenantContext ctx, String runId, String taskToken) {
        Instant now = clock.instant();
        PatchRun run = runs.update(ctx, runId, r -> {
            if (r.finished() || PatchRun.PENDING_APPROVAL.equals(r.status())) {
                throw new NotDispatchableException("patch run " + runId + " is " + r.status());
            }
            PatchRun.Builder next = r.toBuilder();
            next.taskToken = taskToken;
            next.lastHeartbeatAt = now;
            if (PatchRun.SCHEDULED.equals(r.status())) {
                next.status = PatchRun.QUEUED;
            }
            return next.build();
        }).orElseThrow(() -> new NotDispatchableException("patch run " + runId + " was deleted"));
        if (PatchRun.RUNNING.equals(run.status())) {
            try {
                answer(ctx, run, taskToken, PatchRun.RUNNING);
            } catch (RuntimeException e) {
                // Failing the task would fail a run the agent is executing; its next progress answers the new token.
                LOG.warn("tenant {}: patch run {} is running; its new token is left to the agent's next stage", ctx.tenantId(), run.id(), e);
            }
            return Optional.empty();
        }
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("patch_run_id", run.id());
        command.put("patch_type", run.patchType());
        command.put("dry_run", run.dryRun());
        command.put("package_names", run.packageNames());
        try {
            AgentJob job = jobs.dispatch(ctx, run.hostId(), "run_patch", command, true);
            LOG.info("tenant {}: patch run {} handed to host {} ({})", ctx.tenantId(), run.id(), run.hostId(), job.status());
            return Optional.of(job);
        } catch (cloud.patchmon.core.errors.DomainException e) {
            throw new NotDispatchableException("patch run " + runId + ": " + e.getMessage());
        }
    }

    /**
     * AwaitResult: the agent started; stores the token its terminal stage answers, unless that stage came first, in
     * which case the token is answered here with the run's final status. Idempotent: a retried invocation stores (or
     * answers) its own token the same way.
     *
     * @throws NotDispatchableException when the run is gone
     */
    public void awaitResult(TenantContext ctx, String runId, String taskToken) {
        Instant now = clock.instant();
        PatchRun run = runs.update(ctx, runId, r -> {
            if (r.finished()) {
                return r;
            }
            PatchRun.Builder next = r.toBuilder();
            next.resultToken = taskToken;
            // The heartbeat clock of this task starts now; the output's heartbeats are counted from here.
            next.lastHeartbeatAt = now;
            return next.build();
        }).orElseThrow(() -> new NotDispatchableException("patch run " + runId + " was deleted"));
        if (run.finished()) {
            answer(ctx, run, taskToken, run.status());
        }
    }

    /**
     * Answers a token of this very execution. A failure propagates (AwaitResult fails, and RecordResult finds the run
     * already ended).
     */
    private void answer(TenantContext ctx, PatchRun run, String taskToken, String status) {
        String output;
        try {
            output = json.writeValueAsString(Map.of("status", status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!workflows.get().sendTaskSuccess(taskToken, output)) {
            LOG.info("tenant {}: the task of patch run {} was already resolved", ctx.tenantId(), run.id());
        }
    }

    /**
     * The wait is over: the agent's terminal stage resolved the token (nothing left to record), or the task timed out or
     * failed (the run, if not ended yet, fails). Emits the outcome's notification and makes sure a completed run
     * awaits its post-patch report.
     *
     * @param outcome {@code timeout}, {@code failed}, or the final status the token carried
     */
    public void recordResult(TenantContext ctx, String runId, String outcome) {
        Instant now = clock.instant();
        boolean[] endedHere = {false};
        runs.update(ctx, runId, r -> {
            endedHere[0] = false;
            if (r.finished()) {
                return r;
            }
            endedHere[0] = true;
            PatchRun.Builder next = r.toBuilder();
            next.status = PatchRun.FAILED;
            next.errorMessage = "timeout".equals(outcome) ? TIMED_OUT_MESSAGE : NOT_DISPATCHED_MESSAGE;
            next.completedAt = now;
            next.taskToken = null;
            next.resultToken = null;
            return next.build();
        }).ifPresent(run -> {
            if (endedHere[0]) {
                live.done(ctx, run);
            }
            switch (run.status()) {
                case PatchRun.COMPLETED -> events.publish(ctx, PatchRunEvents.COMPLETED, run);
                case PatchRun.FAILED -> events.publish(ctx, PatchRunEvents.FAILED, run);
                default -> {
                }
            }
        });
    }
}
