package cloud.patchmon.core.ratelimit;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A fixed-window attempt limit counted in DynamoDB, so every Lambda container sees the same
 * count: {@code limit} attempts per {@code window}, then 429 until the window ends.
 */
public final class WindowLimiter {

    private final ItemStore store;
    private final Clock clock;
    private final int limit;
    private final Duration window;
    private final String refusal;

    public WindowLimiter(ItemStore store, Clock clock, int limit, Duration window, String refusal) {
        this.store = store;
        this.clock = clock;
        this.limit = limit;
        this.window = window;
        this.refusal = refusal;
    }

    /**
     * Counts one attempt of {@code subject} in the current window.
     *
     * @throws DomainException RATE_LIMITED, with the time to the window's end, when the limit is passed
     */
    public void acquire(TenantContext ctx, String partition, String subject) {
        Instant now = clock.instant();
        long seconds = window.toSeconds();
        long start = now.getEpochSecond() / seconds * seconds;
        Instant end = Instant.ofEpochSecond(start + seconds);
        long used = store.increment(ctx, ItemKey.of(ctx, partition, subject + "#" + start), 1, end);
        if (used > limit) {
            throw DomainException.rateLimited(refusal, null, Duration.between(now, end));
        }
    }
}
