package cloud.patchmon.local.workflows;

import cloud.patchmon.core.testing.MutableClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/** Timers on a clock the test moves: {@link #advance} runs, in time order, every timer that falls due. */
final class ManualTimers implements Timers {

    private final MutableClock clock;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(Comparator.comparing(Entry::at).thenComparingLong(Entry::order));
    private long order;

    private record Entry(Instant at, long order, Runnable task, boolean[] cancelled) {
    }

    ManualTimers(Instant start) {
        this.clock = new MutableClock(start);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable at(Instant at, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Entry(at, order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock by {@code duration}, stopping at each due timer to run it. */
    void advance(Duration duration) {
        Instant end = clock.instant().plus(duration);
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at().isAfter(end)) {
                    break;
                }
                queue.poll();
            }
            if (next.at().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next.at()));
            }
            if (!next.cancelled()[0]) {
                next.task().run();
            }
        }
        clock.advance(Duration.between(clock.instant(), end));
    }

    Instant now() {
        return clock.instant();
    }

    @Override
    public void close() {
        synchronized (this) {
            queue.clear();
        }
    }
}
