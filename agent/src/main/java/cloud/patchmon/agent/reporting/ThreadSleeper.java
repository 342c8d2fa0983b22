package cloud.patchmon.agent.reporting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Sleeps on the real clock, looking every few seconds whether it should wake early. */
public final class ThreadSleeper implements Sleeper {

    private static final Duration POLL = Duration.ofSeconds(5);

    private final Clock clock;

    public ThreadSleeper(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean sleepUntil(Instant when, BooleanSupplier wakeEarly) throws InterruptedException {
        while (true) {
            Duration left = Duration.between(clock.instant(), when);
            if (left.isNegative() || left.isZero() || wakeEarly.getAsBoolean()) {
                return true;
            }
            Thread.sleep(Math.min(left.toMillis(), POLL.toMillis()));
        }
    }
}
