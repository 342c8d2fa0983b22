package cloud.patchmon.core.ratelimit;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;

/**
 * A fixed-window attempt limit counted in DynamoDB, so every Lambda container sees the same
 * count: {@code limit} attempts per {@code window}, then 429 until the window ends.
 */
public final class WindowLimiter {

    private final FixedWindows windows;
    private final Limit limit;
    private final String refusal;

    public WindowLimiter(ItemStore store, Clock clock, int limit, Duration window, String refusal) {
        this.windows = new FixedWindows(store, clock);
        this.limit = Limit.of(limit, window);
        this.refusal = refusal;
    }

    /**
     * Counts one attempt of {@code subject} in the current window.
     *
     * @throws DomainException RATE_LIMITED, with the time to the window's end, when the limit is passed
     */
    public void acquire(TenantContext ctx, String partition, String subject) {
        FixedWindows.Outcome outcome = windows.hit(ctx, partition, subject, limit);
        if (!outcome.allowed()) {
            throw DomainException.rateLimited(refusal, null, outcome.retryAfter());
        }
    }
}
