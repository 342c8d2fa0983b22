package cloud.patchmon.core.retry;

import java.time.Duration;

/**
 * Waits between the attempts of a retried call. Adapters take it in their constructor so their tests can record the
 * back-off instead of spending it; {@link #THREAD} is the one the runtime factories use.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
