package cloud.patchmon.agent.server;

import java.time.Duration;

/**
 * How long to wait before retrying a request. A port so tests run retries without sleeping.
 */
@FunctionalInterface
public interface Backoff {

    /**
     * Waits before attempt {@code attempt} (1 = the first retry).
     *
     * @param retryAfter what the server asked for (a 429's or 503's {@code Retry-After}), or {@code null}
     */
    void pause(int attempt, java.time.Duration retryAfter) throws InterruptedException;

    /**
     * Exponential waits from {@code first} doubling up to {@code max}, each with up to 20 % of jitter; a server's
     * {@code Retry-After} is honoured up to {@code max}.
     */
    static Backoff exponential(Duration first, Duration max) {
        return (attempt, retryAfter) -> {
            long exponential = Math.min(max.toMillis(), first.toMillis() << Math.min(attempt - 1, 20));
            long base = retryAfter == null ? exponential : Math.min(max.toMillis(), Math.max(exponential, retryAfter.toMillis()));
            long jitter = (long) (base * 0.2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
            Thread.sleep(base + jitter);
        };
    }
}
