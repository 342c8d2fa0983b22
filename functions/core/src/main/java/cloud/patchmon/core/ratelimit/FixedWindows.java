package cloud.patchmon.core.ratelimit;

import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fixed-window request counters in the store: one atomic increment per counted request on an item
 * that expires (TTL) when its window ends, so every Lambda container sees the same count.
 *
 * <p>A counter only grows within its window, so once one is over its limit it stays over until the
 * window ends. This instance remembers such counters and refuses later requests for them without a
 * store write: a flood from one client costs one write per container, not one per request. The
 * memory is bounded and only ever holds facts that are true everywhere.
 */
public final class FixedWindows {

    /** The outcome of one counted request: its count in the window, and when the window ends. */
    public record Outcome(boolean allowed, long count, Instant windowEnd, Duration retryAfter) {
    }

    private static final int DEFAULT_REMEMBERED = 10_000;

    private final ItemStore store;
    private final Clock clock;
    private final Map<ItemKey, Instant> overLimit;

    public FixedWindows(ItemStore store, Clock clock) {
        this(store, clock, DEFAULT_REMEMBERED);
    }

    public FixedWindows(ItemStore store, Clock clock, int remembered) {
        this.store = store;
        this.clock = clock;
        this.overLimit = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ItemKey, Instant> eldest) {
                return size() > remembered;
            }
        };
    }

    /**
     * Counts one request of the counter {@code partition}/{@code subject} against {@code limit}.
     * Requests refused from memory are not counted.
     */
    public Outcome hit(TenantContext ctx, String partition, String subject, Limit limit) {
        Instant now = clock.instant();
        long seconds = limit.window().toSeconds();
        long start = Math.floorDiv(now.getEpochSecond(), seconds) * seconds;
        Instant end = Instant.ofEpochSecond(start + seconds);
        ItemKey key = ItemKey.of(ctx, partition, subject + "#" + start);
        if (knownOverLimit(key, now)) {
            return new Outcome(false, limit.max() + 1L, end, Duration.between(now, end));
        }
        long used = store.increment(ctx, key, 1, end);
        if (used > limit.max()) {
            remember(key, end);
            return new Outcome(false, used, end, Duration.between(now, end));
        }
        return new Outcome(true, used, end, Duration.between(now, end));
    }

    private synchronized boolean knownOverLimit(ItemKey key, Instant now) {
        Instant until = overLimit.get(key);
        if (until == null) {
            return false;
        }
        if (!now.isBefore(until)) {
            overLimit.remove(key);
            return false;
        }
        return true;
    }

    private synchronized void remember(ItemKey key, Instant until) {
        overLimit.put(key, until);
    }
}
