package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.channel.CommandHandler;
import cloud.patchmon.agent.channel.Servers;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.InvalidConfigException;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.agent.packages.PackageManager;
import cloud.patchmon.agent.packages.PackageManagers;
import cloud.patchmon.agent.reporting.ReportRequests;
import cloud.patchmon.agent.server.ServerException;
import cloud.patchmon.protocol.PatchRunOutput;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The host's patch runs: {@code run_patch} and {@code patch_run_stop} (AGENT-PROTOCOL.md, spec ch. 8–11).
 *
 * <ul>
 *   <li>One run at a time: a {@code run_patch} for another run while one is going is refused with a
 *   {@code failed} stage (two package managers would only fight over their lock); the same run delivered again
 *   (the server redelivers on reconnection) is ignored while it runs or once it has finished.</li>
 *   <li>A run reports {@code started}; a server that answers it with a 4xx does not know the run as this host's,
 *   and nothing is executed. Then {@code progress} chunks, then the terminal stage with the whole output.</li>
 *   <li>The terminal stage is retried with the REST client's back-off; when the server stays unreachable it is
 *   kept on disk ({@link PendingResults}) and sent again when the agent starts, when a later run's stage gets
 *   through, and when the server redelivers the run.</li>
 *   <li>After a real run that completed or was stopped (it may have changed packages), a full report.</li>
 * </ul>
 * The {@code command_ack} of a {@code run_patch} completes when the run ends ({@code failed} with the error
 * message for failed and stopped runs); the handler itself returns at once, so a stop is never queued behind it.
 */
public final class PatchRuns {

    /** Finds the host's package manager by the name the report uses. */
    @FunctionalInterface
    interface Managers {
        Optional<String> detect();
    }

    private static final System.Logger LOG = System.getLogger(PatchRuns.class.getName());
    private static final int REMEMBERED_RUNS = 200;

    private final Managers managers;
    private final PatchBackends backends;
    private final PatchExecutor executor;
    private final PatchReports reports;
    private final PendingResults pending;
    private final Runnable requestReport;
    private final PatchTimings timings;
    private final ScheduledExecutorService timer;
    private final Set<String> finished = new LinkedHashSet<>();
    /** One resend at a time: start-up, a delivered stage and a redelivered run may all ask for one. */
    private final Object resending = new Object();
    private Active active;

    private record Active(String runId, StopControl stop) {
    }

    PatchRuns(Managers managers, PatchBackends backends, ProcessLauncher launcher, PatchReports reports, PendingResults pending,
              Runnable requestReport, PatchTimings timings, ScheduledExecutorService timer) {
        this.managers = managers;
        this.backends = backends;
        this.executor = new PatchExecutor(launcher, timings);
        this.reports = reports;
        this.pending = pending;
        this.requestReport = requestReport;
        this.timings = timings;
        this.timer = timer;
    }

    /** The real host: its package manager, child processes and the server of the configuration as it is now. */
    public static PatchRuns forHost(ConfigFiles files, Servers servers, ReportRequests reportRequests) {
        CommandRunner runner = new ProcessCommandRunner();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "patchmon-patch-timer");
            thread.setDaemon(true);
            return thread;
        });
        return new PatchRuns(() -> PackageManagers.detect(runner).map(PackageManager::name), new PatchBackends(runner, () -> refreshesLists(files)),
                new SystemProcessLauncher(ProcessCommandRunner.defaultPath(), runner),
                new ServerPatchReports(servers), new PendingResults(files.dir()), reportRequests::request, PatchTimings.DEFAULTS, timer);
    }

    /** Unless config.yml says {@code package_cache_refresh_mode: never}; a file being rewritten counts as the default. */
    static boolean refreshesLists(ConfigFiles files) {
        try {
            return !"never".equals(files.config().packageCacheRefreshMode());
        } catch (InvalidConfigException e) {
            return true;
        }
    }

    /** {@code run_patch}. */
    public CommandHandler runCommand() {
        return this::start;
    }

    /** {@code patch_run_stop}. */
    public CommandHandler stopCommand() {
        return this::stop;
    }

    /** Sends the terminal stages kept on disk; those the server refuses outright are dropped. */
    public void resendPending() throws InterruptedException {
        synchronized (resending) {
            resendKept();
        }
    }

    private void resendKept() throws InterruptedException {
        for (Map.Entry<String, PatchRunOutput> kept : pending.all().entrySet()) {
            try {
                reports.send(kept.getKey(), kept.getValue());
                LOG.log(System.Logger.Level.INFO, "delivered the kept {0} stage of patch run {1}", kept.getValue().stage(), kept.getKey());
                pending.remove(kept.getKey());
            } catch (ServerException e) {
                if (e.retryable()) {
                    LOG.log(System.Logger.Level.WARNING, "the server is still unreachable; kept patch results stay on disk: {0}", e.getMessage());
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "the server refused the kept result of patch run {0}, dropping it: {1}",
                        kept.getKey(), e.getMessage());
                pending.remove(kept.getKey());
            }
        }
    }

    /** Whether a patch run is executing now (an agent update must not restart the agent under it). */
    public synchronized boolean inProgress() {
        return active != null;
    }

    private CompletionStage<CommandHandler.Done> start(JsonNode message) {
        String runId = runIdOf(message);
        PatchRequest request;
        PatchPlan plan;
        StopControl stop;
        synchronized (this) {
            if (active != null && active.runId().equals(runId)) {
                LOG.log(System.Logger.Level.INFO, "patch run {0} is already running; ignoring its redelivery", runId);
                return CommandHandler.done();
            }
            // Kept on disk: it ran before a restart and the server has not heard how it ended.
            if (finished.contains(runId) || pending.contains(runId)) {
                LOG.log(System.Logger.Level.INFO, "patch run {0} has already run here; ignoring its redelivery", runId);
                background("patchmon-patch-resend", () -> resendPending());
                return CommandHandler.done();
            }
            if (active != null) {
                return refuse(runId, "another patch run (" + active.runId() + ") is in progress on this host; "
                        + "run this one when it has finished");
            }
            try {
                request = PatchRequest.parse(message);
                String manager = managers.detect().orElseThrow(() -> new PatchRequest.Refused(
                        "no package manager found on this host (apt, dnf, yum, pkg, pacman required)"));
                plan = backends.plan(manager, request);
            } catch (PatchRequest.Refused e) {
                return refuse(runId, e.getMessage());
            }
            stop = new StopControl(timer, timings);
            active = new Active(runId, stop);
        }
        LOG.log(System.Logger.Level.INFO, "patch run {0}: {1}{2} with {3}{4}", runId, request.type().wire(),
                request.dryRun() ? " (dry run)" : "", plan.manager(), request.packageNames().isEmpty() ? "" : " " + request.packageNames());
        CompletableFuture<CommandHandler.Done> done = new CompletableFuture<>();
        background("patchmon-patch-run", () -> execute(request, plan, stop, done));
        return done;
    }

    private CompletionStage<CommandHandler.Done> stop(JsonNode message) {
        String runId = runIdOf(message);
        synchronized (this) {
            if (active == null || !active.runId().equals(runId)) {
                throw new IllegalStateException("no patch run " + runId + " is running on this host");
            }
            if (active.stop().stop(StopControl.Reason.OPERATOR)) {
                LOG.log(System.Logger.Level.INFO, "stopping patch run {0}", runId);
            }
        }
        return CommandHandler.done();
    }

    private static String runIdOf(JsonNode message) {
        try {
            return PatchRequest.runId(message);
        } catch (PatchRequest.Refused e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private void execute(PatchRequest request, PatchPlan plan, StopControl stop, CompletableFuture<CommandHandler.Done> done)
            throws InterruptedException {
        String runId = request.patchRunId();
        Throwable failure;
        try {
            failure = carryOut(request, plan, stop);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "patch run " + runId + " failed in the agent", e);
            failure = e;
        } finally {
            // Before the acknowledgement: whoever learns that this run ended may start the next one at once.
            synchronized (this) {
                remember(runId);
                active = null;
            }
        }
        if (failure == null) {
            done.complete(CommandHandler.Done.NOTHING_MORE);
        } else {
            done.completeExceptionally(failure);
        }
    }

    /** @return why the run did not succeed, or {@code null} when it did */
    private Throwable carryOut(PatchRequest request, PatchPlan plan, StopControl stop) throws InterruptedException {
        String runId = request.patchRunId();
        try {
            reports.send(runId, PatchRunOutput.started());
        } catch (ServerException e) {
            if (!e.retryable()) {
                LOG.log(System.Logger.Level.WARNING, "the server refused patch run {0}, not running it: {1}", runId, e.getMessage());
                return new IllegalStateException("the server refused the run: " + e.getMessage());
            }
            LOG.log(System.Logger.Level.WARNING, "cannot report patch run {0} as started, running it anyway: {1}", runId, e.getMessage());
        }
        ScheduledFuture<?> limit = timer.schedule(() -> stop.stop(StopControl.Reason.RUN_LIMIT), timings.runLimit().toMillis(),
                TimeUnit.MILLISECONDS);
        LiveOutput live = LiveOutput.start(chunk -> sendProgress(runId, chunk), timings, runId);
        PatchRunOutput result;
        try {
            result = executor.run(request, plan, live, stop);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "patch run " + runId + " failed in the agent", e);
            live.finish();
            result = new PatchRunOutput("failed", live.text(), "the agent failed while running the patch: " + e, null);
        } finally {
            limit.cancel(false);
        }
        LOG.log(System.Logger.Level.INFO, "patch run {0} {1}{2}", runId, result.stage(),
                result.errorMessage() == null ? "" : ": " + result.errorMessage());
        deliver(runId, result);
        if (!request.dryRun() && (result.stage().equals("completed") || result.stage().equals("cancelled"))) {
            // The server shows "awaiting post-patch report" until this arrives.
            requestReport.run();
        }
        boolean succeeded = result.stage().equals("completed") || result.stage().equals("dry_run_completed");
        return succeeded ? null : new IllegalStateException(result.errorMessage());
    }

    private boolean sendProgress(String runId, String chunk) throws InterruptedException {
        try {
            reports.send(runId, PatchRunOutput.progress(chunk));
            return true;
        } catch (ServerException e) {
            LOG.log(System.Logger.Level.WARNING, "a live output chunk of patch run {0} was not delivered: {1}", runId, e.getMessage());
            return false;
        }
    }

    private CompletionStage<CommandHandler.Done> refuse(String runId, String reason) {
        LOG.log(System.Logger.Level.WARNING, "refusing patch run {0}: {1}", runId, reason);
        remember(runId);
        background("patchmon-patch-refusal", () -> deliver(runId, new PatchRunOutput("failed", "", reason, null)));
        return CompletableFuture.failedFuture(new CompletionException(new IllegalStateException(reason)));
    }

    /** The terminal stage, retried by the REST client; kept on disk when the server stays unreachable. */
    private void deliver(String runId, PatchRunOutput stage) throws InterruptedException {
        try {
            reports.send(runId, stage);
        } catch (ServerException e) {
            if (!e.retryable()) {
                LOG.log(System.Logger.Level.WARNING, "the server refused the {0} stage of patch run {1}: {2}", stage.stage(), runId, e.getMessage());
                return;
            }
            try {
                pending.save(runId, stage);
                LOG.log(System.Logger.Level.WARNING, "the server is unreachable ({0}); the {1} stage of patch run {2} is kept and sent "
                        + "again later", e.getMessage(), stage.stage(), runId);
            } catch (IOException io) {
                LOG.log(System.Logger.Level.ERROR, "the {0} stage of patch run {1} could neither be delivered ({2}) nor kept: {3}",
                        stage.stage(), runId, e.getMessage(), io.getMessage());
            }
            return;
        }
        resendPending();
    }

    private void remember(String runId) {
        synchronized (this) {
            finished.add(runId);
            if (finished.size() > REMEMBERED_RUNS) {
                finished.remove(finished.iterator().next());
            }
        }
    }

    private interface Task {
        void run() throws InterruptedException;
    }

    private static void background(String name, Task task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, name + " failed", e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }
}
