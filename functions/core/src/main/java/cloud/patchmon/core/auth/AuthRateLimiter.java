package cloud.patchmon.core.auth;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.Directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Fixed-window limit on sign-in and sign-up attempts per client IP, counted in DynamoDB so every
 * Lambda container sees the same count.
 */
public final class AuthRateLimiter {

    private static final TenantContext CTX = TenantContext.system(Directory.SYSTEM, "rate-limit");

    private final ItemStore store;
    private final Clock clock;
    private final int limit;
    private final Duration window;

    public AuthRateLimiter(ItemStore store, Clock clock, int limit, Duration window) {
        this.store = store;
        this.clock = clock;
        this.limit = limit;
        this.window = window;
    }

    /** @throws DomainException RATE_LIMITED when the client has used up the window */
    public void acquire(String action, String clientIp) {
        Instant now = clock.instant();
        long windowSeconds = window.toSeconds();
        long windowStart = now.getEpochSecond() / windowSeconds * windowSeconds;
        Instant windowEnd = Instant.ofEpochSecond(windowStart + windowSeconds);
        ItemKey key = ItemKey.of(CTX, "RATE#" + action, (clientIp == null ? "unknown" : clientIp) + "#" + windowStart);
        long used = store.increment(CTX, key, 1, windowEnd);
        if (used > limit) {
            throw DomainException.rateLimited("Too many authentication attempts, please try again later.",
                    null, Duration.between(now, windowEnd));
        }
    }
}
