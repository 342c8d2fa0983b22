package cloud.patchmon.agent.patching;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until a deadline: the channel works on other threads, so tests wait for effects, never for time. */
final class Eventually {

    /** Generous: the JDK WebSocket client can take ~10 s to notice a dropped socket on a loaded machine. */
    static final Duration DEADLINE = Duration.ofSeconds(45);

    private Eventually() {
    }

    static void until(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
