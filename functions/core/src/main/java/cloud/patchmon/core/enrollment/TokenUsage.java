package cloud.patchmon.core.enrollment;

import java.time.Instant;

/**
 * A token's use: hosts created in {@code period} (a UTC day, {@code yyyy-MM-dd}) and the last
 * enrolment. The count belongs to its day; the first enrolment of a new day restarts it.
 */
public record TokenUsage(String period, long count, Instant lastUsedAt) {

    public long countOn(String day) {
        return day.equals(period) ? count : 0;
    }
}
