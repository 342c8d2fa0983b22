package cloud.patchmon.core.patching;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.workflows.Workflows;
import cloud.patchmon.protocol.PatchRunOutput;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the host's agent reports on a run (AGENT-PROTOCOL.md {@code POST /patching/runs/{id}/output}, spec ch. 9): its
 * stages, which move the run and answer the PatchRun workflow's task tokens, and the post-patch report that settles a
 * completed run. Kept apart from {@link PatchRunService}, whose operations are the users'.
 */
public final class PatchRunAgentStages {

    /** Kept under the run item's size budget; a transaction this large is listed in its output anyway. */
    static final int MAX_AFFECTED = 1000;
    /** The agent streams every 250 ms; the workflow's heartbeat clock is restarted at most this often. */
    static final Duration HEARTBEAT_EVERY = Duration.ofMinutes(1);
    static final String ALREADY_ENDED = "Patch run has already ended";
    private static final Set<String> STAGES = Set.of("started", "progress", "completed", "dry_run_completed", "failed", "cancelled");
    private static final Logger LOG = LoggerFactory.getLogger(PatchRunAgentStages.class);

    private final PatchRunRepository runs;
    private final Supplier<Workflows> workflows;
    private final PatchRunEvents events;
    private final PatchRunLive live;
    private final ObjectMapper json;
    private final Clock clock;

    /** @param workflows resolved at each use, as in {@link PatchRunService} */
    public PatchRunAgentStages(ItemStore store, Supplier<Workflows> workflows, PatchRunEvents events, PatchRunLive live,
                               ObjectMapper json, Clock clock) {
        this.runs = new PatchRunRepository(store);
        this.workflows = workflows;
        this.events = events;
        this.live = live;
        this.json = json;
        this.clock = clock;
    }

    /**
     * One stage from the host's agent. A stage for a run that already ended changes nothing (a repeated or late
     * terminal post, a cancelled run's last chunk).
     *
     * @throws DomainException 404 for an unknown run (or another tenant's), 403 for another host's run, 400 for a bad stage,
     *                         409 for {@code started} on a run that already ended (so the agent does not execute it)
     */
    public void agentOutput(TenantContext ctx, String hostId, String runId, PatchRunOutput stage) {
        if (stage == null || stage.stage() == null || !STAGES.contains(stage.stage())) {
            throw DomainException.badRequest("stage must be one of started, progress, completed, dry_run_completed, failed, cancelled");
        }
        PatchRun run = runs.find(ctx, runId).orElseThrow(() -> DomainException.notFound(PatchRunService.NOT_FOUND));
        if (!run.hostId().equals(hostId)) {
            throw DomainException.forbidden("Patch run does not belong to this host");
        }
        if (run.finished()) {
            if ("started".equals(stage.stage())) {
                // A run_patch delivered late (the agent was offline past the run's timeout, or the run was approved or
                // cancelled meanwhile): the agent executes only after a 2xx to started, so this keeps it from running.
                throw DomainException.conflict(ALREADY_ENDED);
            }
            return;
        }
        switch (stage.stage()) {
            case "started" -> started(ctx, runId);
            case "progress" -> progress(ctx, runId, stage.output());
            default -> terminal(ctx, runId, stage);
        }
    }

    /**
     * The agent is about to execute: the run is running, and RunPatch's token is answered so the workflow moves on to
     * AwaitResult. A repeated {@code started} answers the token again (a no-op once resolved), and an answer that does
     * not get through is not the agent's problem: its progress answers again, its terminal stage at the latest.
     */
    private void started(TenantContext ctx, String runId) {
        Instant now = clock.instant();
        boolean[] changed = {false};
        Optional<PatchRun> started = runs.update(ctx, runId, r -> {
            changed[0] = false;
            if (r.finished() || PatchRun.RUNNING.equals(r.status())) {
                return r;
            }
            changed[0] = true;
            PatchRun.Builder next = r.toBuilder();
            next.status = PatchRun.RUNNING;
            next.startedAt = now;
            return next.build();
        });
        started.filter(r -> changed[0]).ifPresent(r -> events.publish(ctx, PatchRunEvents.STARTED, r));
        started.filter(r -> !r.finished() && r.taskToken() != null && r.resultToken() == null)
                .ifPresent(r -> answer(ctx, r, r.taskToken(), PatchRun.RUNNING));
    }

    private void progress(TenantContext ctx, String runId, String chunk) {
        if (chunk == null || chunk.isEmpty()) {
            return;
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            PatchRun run = runs.find(ctx, runId).orElse(null);
            if (run == null || run.finished()) {
                return;
            }
            int offset = run.outputLength();
            if (!runs.putPiece(ctx, runId, run.outputGeneration(), offset, chunk)) {
                continue;
            }
            Instant now = clock.instant();
            boolean beat = (run.resultToken() != null || run.taskToken() != null)
                    && (run.lastHeartbeatAt() == null || !now.isBefore(run.lastHeartbeatAt().plus(HEARTBEAT_EVERY)));
            PatchRun.Builder next = run.toBuilder();
            next.outputLength = offset + chunk.length();
            if (!PatchRun.RUNNING.equals(run.status())) {
                next.status = PatchRun.RUNNING;
                next.startedAt = run.startedAt() == null ? now : run.startedAt();
            }
            if (beat) {
                next.lastHeartbeatAt = now;
            }
            if (runs.replace(ctx, run, next.build()).isEmpty()) {
                continue;
            }
            live.chunk(ctx, runId, offset, chunk);
            if (beat && run.resultToken() != null) {
                heartbeat(ctx, run);
            } else if (beat) {
                // Still before AwaitResult: the answer to started did not get through (or there was no started).
                answer(ctx, run, run.taskToken(), PatchRun.RUNNING);
            }
            return;
        }
        throw new IllegalStateException("patch run " + runId + " kept changing under its output");
    }

    private void heartbeat(TenantContext ctx, PatchRun run) {
        try {
            if (!workflows.get().sendTaskHeartbeat(run.resultToken())) {
                LOG.info("tenant {}: heartbeat for patch run {} found its task resolved", ctx.tenantId(), run.id());
            }
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: heartbeat for patch run {} not sent", ctx.tenantId(), run.id(), e);
        }
    }

    private void terminal(TenantContext ctx, String runId, PatchRunOutput stage) {
        PatchRun current = runs.find(ctx, runId).orElse(null);
        if (current == null || current.finished()) {
            return;
        }
        String output = stage.output() != null ? stage.output() : runs.output(ctx, current);
        int generation = current.outputGeneration() + 1;
        runs.writeGeneration(ctx, runId, generation, output);
        Instant now = clock.instant();
        String status = finalStatus(current, stage.stage());
        List<PatchRunOutput.AffectedPackage> affected = stage.packagesAffected() == null ? List.of()
                : stage.packagesAffected().stream().filter(p -> p != null && p.name() != null).limit(MAX_AFFECTED).toList();
        boolean[] endedHere = {false};
        Optional<PatchRun> ended = runs.update(ctx, runId, r -> {
            endedHere[0] = false;
            if (r.finished()) {
                return r;
            }
            endedHere[0] = true;
            PatchRun.Builder next = r.toBuilder();
            next.status = status;
            next.errorMessage = blankToNull(stage.errorMessage());
            if (!affected.isEmpty()) {
                next.packagesAffected = affected;
            }
            next.startedAt = r.startedAt() == null ? now : r.startedAt();
            next.completedAt = now;
            next.outputGeneration = generation;
            next.outputLength = output.length();
            next.awaitingPostPatchReport = PatchRun.COMPLETED.equals(status) && !r.dryRun();
            return next.build();
        });
        if (ended.isEmpty() || !endedHere[0]) {
            runs.deleteOtherGenerations(ctx, runId, ended.map(PatchRun::outputGeneration).orElse(current.outputGeneration()));
            return;
        }
        PatchRun run = ended.get();
        if (run.awaitingPostPatchReport()) {
            runs.markAwaiting(ctx, run);
        }
        runs.deleteOtherGenerations(ctx, runId, generation);
        live.done(ctx, run);
        // AwaitResult's token when it is stored; else RunPatch's, which moves the workflow to AwaitResult, and that
        // task, finding the run ended, answers its own token with this status.
        String token = run.resultToken() != null ? run.resultToken() : run.taskToken();
        if (token != null) {
            answer(ctx, run, token, run.status());
        }
    }

    /** Never throws: a token not answered is answered again later, or its task times out and the run is recorded. */
    private void answer(TenantContext ctx, PatchRun run, String token, String status) {
        try {
            if (!workflows.get().sendTaskSuccess(token, json.writeValueAsString(Map.of("status", status)))) {
                LOG.info("tenant {}: the workflow task of patch run {} was already resolved", ctx.tenantId(), run.id());
            }
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warn("tenant {}: the workflow of patch run {} was not told it is {}", ctx.tenantId(), run.id(), status, e);
        }
    }

    /** A dry run that succeeded is a validation awaiting approval; the rest map one to one. */
    private static String finalStatus(PatchRun run, String stage) {
        return switch (stage) {
            case "completed", "dry_run_completed" -> run.dryRun() ? PatchRun.VALIDATED : PatchRun.COMPLETED;
            case "failed" -> PatchRun.FAILED;
            default -> PatchRun.CANCELLED;
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    // ---- the post-patch report ----------------------------------------------------------------------------------

    /**
     * The host sent an inventory report: its completed runs awaiting one now have it. Costs one read of the host's
     * partition, and writes only when a run was waiting.
     */
    public void reportReceived(TenantContext ctx, String hostId, Instant at) {
        for (PatchRunRepository.AwaitingReport awaiting : runs.awaiting(ctx, hostId)) {
            if (awaiting.completedAt() != null && !at.isAfter(awaiting.completedAt())) {
                continue;
            }
            runs.update(ctx, awaiting.runId(), r -> {
                PatchRun.Builder next = r.toBuilder();
                next.awaitingPostPatchReport = false;
                next.postPatchReportReceived = true;
                return next.build();
            });
            runs.clearAwaiting(ctx, hostId, awaiting.runId());
        }
    }
}
