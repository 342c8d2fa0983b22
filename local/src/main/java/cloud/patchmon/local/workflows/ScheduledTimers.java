package cloud.patchmon.local.workflows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link Timers} on the system clock: one daemon thread sleeping until the next deadline, never polling. */
public final class ScheduledTimers implements Timers {

    private final Clock clock;
    private final ScheduledExecutorService executor;

    public ScheduledTimers(Clock clock) {
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-workflow-timers");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Cancellable at(Instant at, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        ScheduledFuture<?> future = executor.schedule(task, delay, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
