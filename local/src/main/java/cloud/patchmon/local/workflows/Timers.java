package cloud.patchmon.local.workflows;

import java.time.Clock;
import java.time.Instant;

/** When executions wake up: Wait states, retry back-off, task-token and heartbeat deadlines. */
public interface Timers extends AutoCloseable {

    Clock clock();

    /** Runs {@code task} once, at {@code at} or soon after (at once when it has passed). */
    Cancellable at(Instant at, Runnable task);

    interface Cancellable {
        void cancel();
    }

    @Override
    void close();
}
