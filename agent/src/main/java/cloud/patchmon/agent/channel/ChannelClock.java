package cloud.patchmon.agent.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The channel's time: a port, so tests move it by hand instead of waiting 30-second ping intervals. */
public interface ChannelClock {

    Instant now();

    /**
     * Waits until {@code done} completes or {@code max} has passed.
     *
     * @return whether {@code done} completed
     */
    boolean await(CompletableFuture<?> done, Duration max) throws InterruptedException;

    static ChannelClock system() {
        Clock clock = Clock.systemUTC();
        return new ChannelClock() {
            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public boolean await(CompletableFuture<?> done, Duration max) throws InterruptedException {
                try {
                    done.get(max.toMillis(), TimeUnit.MILLISECONDS);
                    return true;
                } catch (TimeoutException e) {
                    return false;
                } catch (ExecutionException e) {
                    return true;
                }
            }
        };
    }
}
