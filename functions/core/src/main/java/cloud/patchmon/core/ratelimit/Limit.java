package cloud.patchmon.core.ratelimit;

import java.time.Duration;

/**
 * At most {@code max} requests per fixed {@code window}. Windows are whole seconds between one
 * second and one day, because a window is also the lifetime (TTL) of its counter item.
 */
public record Limit(int max, Duration window) {

    public static final int MAX_REQUESTS = 1_000_000;
    public static final Duration MAX_WINDOW = Duration.ofDays(1);

    public Limit {
        if (max < 1 || max > MAX_REQUESTS) {
            throw new IllegalArgumentException("max must be between 1 and " + MAX_REQUESTS);
        }
        if (window == null || window.isNegative() || window.toSeconds() < 1 || window.compareTo(MAX_WINDOW) > 0
                || window.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("window must be whole seconds between 1 second and 1 day");
        }
    }

    public static Limit of(int max, Duration window) {
        return new Limit(max, window);
    }
}
