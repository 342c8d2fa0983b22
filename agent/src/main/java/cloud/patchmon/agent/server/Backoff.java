package cloud.patchmon.agent.server;

import java.time.Duration;

/**
 * How long to wait before retrying a request. A port so tests run retries without sleeping.
 */
@FunctionalInterface
public interface Backoff {

    /** Waits before attempt {@code attempt} (1 = the first retry). */
    void pause(int attempt) throws InterruptedException;

    /** Exponential waits from {@code first} doubling up to {@code max}, each with up to 20 % of jitter. */
    static Backoff exponential(Duration first, Duration max) {
        return attempt -> {
            long base = Math.min(max.toMillis(), first.toMillis() << Math.min(attempt - 1, 20));
            long jitter = (long) (base * 0.2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
            Thread.sleep(base + jitter);
        };
    }
}
