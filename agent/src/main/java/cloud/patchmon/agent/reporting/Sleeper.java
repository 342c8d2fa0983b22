package cloud.patchmon.agent.reporting;

import java.time.Instant;

/** Waits for the next report time. A port, so the daemon's loop is tested without sleeping. */
public interface Sleeper {

    /**
     * Waits until {@code when}, or less when {@code wakeEarly} turns true (config.yml changed).
     *
     * @return {@code false} when the daemon should stop
     */
    boolean sleepUntil(Instant when, java.util.function.BooleanSupplier wakeEarly) throws InterruptedException;
}
