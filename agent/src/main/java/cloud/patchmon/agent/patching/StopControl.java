package cloud.patchmon.agent.patching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops one run (spec ch. 9 "Stopping a Running Patch"): no further step starts, and the command running now
 * gets SIGINT — the package managers' own way to abort and roll back — then SIGTERM after
 * {@link PatchTimings#interruptGrace()} and SIGKILL after {@link PatchTimings#terminateGrace()} more, if it is
 * still there. A stop that arrives between two commands reaches the next one before it can do anything.
 */
final class StopControl {

    enum Reason { OPERATOR, RUN_LIMIT }

    private static final System.Logger LOG = System.getLogger(StopControl.class.getName());

    private final ScheduledExecutorService timer;
    private final PatchTimings timings;
    private final List<ScheduledFuture<?>> escalations = new ArrayList<>();
    private Reason reason;
    private ChildProcess current;

    StopControl(ScheduledExecutorService timer, PatchTimings timings) {
        this.timer = timer;
        this.timings = timings;
    }

    /** @return whether this call stopped the run (a second stop changes nothing) */
    synchronized boolean stop(Reason why) {
        if (reason != null) {
            return false;
        }
        reason = why;
        if (current != null) {
            escalate(current);
        }
        return true;
    }

    synchronized Reason reason() {
        return reason;
    }

    synchronized void attach(ChildProcess process) {
        current = process;
        if (reason != null) {
            escalate(process);
        }
    }

    synchronized void detach() {
        current = null;
        escalations.forEach(future -> future.cancel(false));
        escalations.clear();
    }

    private void escalate(ChildProcess process) {
        send(process, ChildProcess.Signal.INT);
        long term = timings.interruptGrace().toMillis();
        escalations.add(timer.schedule(() -> sendIfCurrent(process, ChildProcess.Signal.TERM), term, TimeUnit.MILLISECONDS));
        escalations.add(timer.schedule(() -> sendIfCurrent(process, ChildProcess.Signal.KILL),
                term + timings.terminateGrace().toMillis(), TimeUnit.MILLISECONDS));
    }

    private void sendIfCurrent(ChildProcess process, ChildProcess.Signal signal) {
        synchronized (this) {
            if (current != process) {
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "the package manager is still running after the stop: sending SIG{0}", signal);
        send(process, signal);
    }

    private static void send(ChildProcess process, ChildProcess.Signal signal) {
        try {
            process.signal(signal);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot send SIG{0} to the package manager: {1}", signal, e.getMessage());
        }
    }
}
