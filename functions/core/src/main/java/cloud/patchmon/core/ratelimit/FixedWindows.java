package cloud.patchmon.core.ratelimit;

import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed-window request counters in the store: one atomic increment per counted request on an item
 * that expires (TTL) when its window ends, so every Lambda container sees the same count.
 *
 * <p>A counter only grows within its window, so once one is over its limit it stays over until the
 * window ends. This instance remembers such counters and refuses later requests for them without a
 * store write: a flood from one client costs one write per container, not one per request. The
 * memory is bounded and only ever holds facts that are true everywhere.
 *
 * <p>{@link #hitBatched} trades exactness for writes where a request must stay cheap (an agent's
 * check-in): a container tallies up to {@link #batchOf} requests of a window in memory and adds them
 * to the store counter in one increment, or at once when its tally plus the count it last saw would
 * pass the limit. A flood therefore still reaches the shared counter after a few requests per
 * container, while a well-behaved agent (a few requests a window) never writes. The shared count can
 * lag by less than one batch per container (1% of the limit); a tally lost with its container
 * (or evicted from the bounded memory) only undercounts.
 */
public final class FixedWindows {

    /** The outcome of one counted request: its count in the window, and when the window ends. */
    public record Outcome(boolean allowed, long count, Instant windowEnd, Duration retryAfter) {
    }

    private static final int DEFAULT_REMEMBERED = 10_000;

    private final ItemStore store;
    private final Clock clock;
    private final Map<ItemKey, Instant> overLimit;
    private final Map<ItemKey, Tally> tallies;

    /** A container's requests of one window not yet added to the store, and the store count it last saw. */
    private record Tally(long pending, long seen) {
    }

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
        this.tallies = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ItemKey, Tally> eldest) {
                return size() > remembered;
            }
        };
    }

    /** Requests a container may hold back before adding them to the shared counter: 1% of the limit. */
    static long batchOf(Limit limit) {
        return Math.max(1, limit.max() / 100);
    }

    /**
     * {@link #hit} with this container's requests added to the store in batches (see the class comment); exact when the
     * limit is under 200.
     */
    public Outcome hitBatched(TenantContext ctx, String partition, String subject, Limit limit) {
        Instant now = clock.instant();
        Window window = Window.of(now, limit);
        ItemKey key = ItemKey.of(ctx, partition, subject + "#" + window.start());
        if (knownOverLimit(key, now)) {
            return new Outcome(false, limit.max() + 1L, window.end(), Duration.between(now, window.end()));
        }
        long pending;
        synchronized (this) {
            Tally tally = tallies.getOrDefault(key, new Tally(0, 0));
            pending = tally.pending() + 1;
            if (pending < batchOf(limit) && tally.seen() + pending <= limit.max()) {
                tallies.put(key, new Tally(pending, tally.seen()));
                return new Outcome(true, tally.seen() + pending, window.end(), Duration.between(now, window.end()));
            }
            tallies.put(key, new Tally(0, tally.seen()));
        }
        Outcome outcome = counted(ctx, key, pending, limit, window, now);
        synchronized (this) {
            tallies.computeIfPresent(key, (k, t) -> new Tally(t.pending(), Math.max(t.seen(), outcome.count())));
        }
        return outcome;
    }

    private Outcome counted(TenantContext ctx, ItemKey key, long requests, Limit limit, Window window, Instant now) {
        long used = store.increment(ctx, key, requests, window.end());
        if (used > limit.max()) {
            remember(key, window.end());
            return new Outcome(false, used, window.end(), Duration.between(now, window.end()));
        }
        return new Outcome(true, used, window.end(), Duration.between(now, window.end()));
    }

    private record Window(long start, Instant end) {
        static Window of(Instant now, Limit limit) {
            long seconds = limit.window().toSeconds();
            long start = Math.floorDiv(now.getEpochSecond(), seconds) * seconds;
            return new Window(start, Instant.ofEpochSecond(start + seconds));
        }
    }

    /**
     * Counts one request of the counter {@code partition}/{@code subject} against {@code limit}.
     * Requests refused from memory are not counted.
     */
    public Outcome hit(TenantContext ctx, String partition, String subject, Limit limit) {
        Instant now = clock.instant();
        Window window = Window.of(now, limit);
        ItemKey key = ItemKey.of(ctx, partition, subject + "#" + window.start());
        if (knownOverLimit(key, now)) {
            return new Outcome(false, limit.max() + 1L, window.end(), Duration.between(now, window.end()));
        }
        return counted(ctx, key, 1, limit, window, now);
    }

    /**
     * Whether this container already knows the counter is over its limit in the current window, without touching the
     * store: a cheap refusal before expensive work (a credential check) that would be counted anyway if it failed.
     */
    public Optional<Outcome> knownRefusal(TenantContext ctx, String partition, String subject, Limit limit) {
        Instant now = clock.instant();
        Window window = Window.of(now, limit);
        ItemKey key = ItemKey.of(ctx, partition, subject + "#" + window.start());
        return knownOverLimit(key, now)
                ? Optional.of(new Outcome(false, limit.max() + 1L, window.end(), Duration.between(now, window.end())))
                : Optional.empty();
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
