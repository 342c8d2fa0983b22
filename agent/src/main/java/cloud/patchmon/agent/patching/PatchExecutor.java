package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.patching.PatchStep.Role;
import cloud.patchmon.protocol.PatchRunOutput;
import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Carries out a {@link PatchPlan}: each step echoed as {@code $ command}, its stdout and stderr streamed into the
 * {@link LiveOutput} as whole lines (a carriage return ends a piece too, so a progress line redrawn with
 * {@code \r} shows as it changes; the bytes are kept as printed and the UI turns {@code \r} into line breaks,
 * spec ch. 9), the first failing step ending the run. Answers the terminal stage with the whole output.
 */
final class PatchExecutor {

    /** A line longer than this is passed on in pieces rather than held back. */
    private static final int MAX_PIECE_CHARS = 8 * 1024;
    /** What a step's output may hold for the parsers; far beyond any real transaction plan. */
    private static final int MAX_CAPTURE_CHARS = 16 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(PatchExecutor.class.getName());

    private final ProcessLauncher launcher;
    private final PatchTimings timings;

    PatchExecutor(ProcessLauncher launcher, PatchTimings timings) {
        this.launcher = launcher;
        this.timings = timings;
    }

    private record StepOutcome(int exitCode, String stdout, String stderr) {
    }

    /** Runs the plan; {@code live} is finished on return, so the answer's output is the run's whole output. */
    PatchRunOutput run(PatchRequest request, PatchPlan plan, LiveOutput live, StopControl stop) throws InterruptedException {
        String failure = null;
        List<AffectedPackage> affected = null;
        boolean baseStaged = false;
        for (PatchStep step : plan.steps()) {
            if (stop.reason() != null) {
                break;
            }
            if (step.role() == Role.BASE_INSTALL && !baseStaged) {
                live.append("[patchmon] freebsd-update staged no base-system updates; nothing to install\n");
                continue;
            }
            live.append("$ " + step.display() + "\n");
            StepOutcome outcome;
            try {
                outcome = runStep(step, plan.environment(), live, stop);
            } catch (IOException e) {
                failure = step.display() + " could not be started: " + e.getMessage();
                live.append("[patchmon] " + failure + "\n");
                break;
            }
            if (stop.reason() != null) {
                break;
            }
            boolean declined = step.exitOneIsDecline() && outcome.exitCode() == 1
                    && !outcome.stdout().isBlank() && !DryRunErrors.reported(outcome.stdout() + "\n" + outcome.stderr());
            if (outcome.exitCode() != 0 && step.role() == Role.REFRESH) {
                live.append("[patchmon] " + step.display() + " exited with " + outcome.exitCode()
                        + "; going on with the package lists already on this host\n");
                continue;
            }
            if (outcome.exitCode() != 0 && !declined) {
                failure = step.display() + " exited with " + outcome.exitCode()
                        + DryRunErrors.firstErrorLine(outcome.stderr() + "\n" + outcome.stdout()).map(line -> ": " + line).orElse("");
                live.append("[patchmon] " + failure + "\n");
                break;
            }
            if (step.role() == Role.BASE_FETCH) {
                baseStaged = FreeBsdUpdateFetch.staged(outcome.stdout());
            }
            if (step.role() == Role.TRANSACTION && request.dryRun()) {
                try {
                    affected = plan.parser().parse(outcome.stdout(), request);
                } catch (IOException e) {
                    failure = "the simulation's plan could not be read: " + e.getMessage();
                    live.append("[patchmon] " + failure + "\n");
                    break;
                }
            }
        }
        StopControl.Reason stopped = stop.reason();
        if (stopped == StopControl.Reason.OPERATOR) {
            live.append("[patchmon] patch run stopped by user\n");
        } else if (stopped == StopControl.Reason.RUN_LIMIT) {
            failure = "the patch run did not finish within " + timings.runLimit().toMinutes() + " minutes and was stopped";
            live.append("[patchmon] " + failure + "\n");
        }
        live.finish();
        String output = live.text();
        if (stopped == StopControl.Reason.OPERATOR) {
            return new PatchRunOutput("cancelled", output, "stopped by user", null);
        }
        if (failure != null) {
            return new PatchRunOutput("failed", output, failure, null);
        }
        return request.dryRun()
                ? new PatchRunOutput("dry_run_completed", output, null, affected == null ? List.of() : affected)
                : new PatchRunOutput("completed", output, null, null);
    }

    private StepOutcome runStep(PatchStep step, Map<String, String> environment, LiveOutput live, StopControl stop)
            throws IOException, InterruptedException {
        ChildProcess process = launcher.start(step.command(), environment);
        stop.attach(process);
        try {
            StringBuilder stdout = new StringBuilder();
            StringBuilder stderr = new StringBuilder();
            Thread out = reader(process.stdout(), stdout, live, step, "stdout");
            Thread err = reader(process.stderr(), stderr, live, step, "stderr");
            // A stop and the run limit act through the StopControl; this only waits for the exit they cause.
            boolean exited = false;
            while (!exited) {
                exited = process.waitFor(Duration.ofMinutes(1));
            }
            long deadline = System.nanoTime() + timings.drainAfterExit().toNanos();
            out.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            err.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (out.isAlive() || err.isAlive()) {
                live.append("\n[patchmon] stopped reading output: a process " + step.command().get(0)
                        + " started still holds it open\n");
            }
            synchronized (stdout) {
                synchronized (stderr) {
                    return new StepOutcome(process.exitCode(), stdout.toString(), stderr.toString());
                }
            }
        } finally {
            stop.detach();
        }
    }

    private static Thread reader(InputStream stream, StringBuilder capture, LiveOutput live, PatchStep step, String name) {
        Thread thread = new Thread(() -> {
            try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                char[] buffer = new char[8192];
                StringBuilder partial = new StringBuilder();
                int read;
                while ((read = in.read(buffer)) != -1) {
                    partial.append(buffer, 0, read);
                    int end = lastLineEnd(partial);
                    if (end < 0 && partial.length() >= MAX_PIECE_CHARS) {
                        end = partial.length();
                    }
                    if (end > 0) {
                        deliver(partial.substring(0, end), capture, live);
                        partial.delete(0, end);
                    }
                }
                deliver(partial.toString(), capture, live);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "reading the {0} of {1} ended: {2}", name, step.display(), e.getMessage());
            }
        }, "patchmon-patch-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static int lastLineEnd(CharSequence text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static void deliver(String piece, StringBuilder capture, LiveOutput live) {
        if (piece.isEmpty()) {
            return;
        }
        synchronized (capture) {
            if (capture.length() + piece.length() <= MAX_CAPTURE_CHARS) {
                capture.append(piece);
            }
        }
        live.append(piece);
    }
}
