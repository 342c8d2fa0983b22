package cloud.patchmon.agent.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Channel time that moves only when the test says: each {@link #step()} lets one wait run to its end. */
final class ManualClock implements ChannelClock {

    private final Semaphore steps = new Semaphore(0);
    private volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public boolean await(CompletableFuture<?> done, Duration max) throws InterruptedException {
        while (!done.isDone()) {
            if (steps.tryAcquire(5, TimeUnit.MILLISECONDS)) {
                now = now.plus(max);
                return done.isDone();
            }
        }
        return true;
    }

    void step() {
        steps.release();
    }
}
