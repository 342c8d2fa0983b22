package cloud.patchmon.agent.reporting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * When the daemon reports: on every interval boundary plus a per-host offset, so a fleet restarted
 * together (or enrolled by one script) spreads its reports over the interval instead of arriving at once.
 *
 * @param offset seconds after each boundary, below the interval
 */
public record ReportSchedule(Duration interval, Duration offset) {

    public ReportSchedule {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the interval must be positive");
        }
        offset = Duration.ofSeconds(Math.floorMod(offset.toSeconds(), interval.toSeconds()));
    }

    /**
     * @param configuredOffsetSeconds {@code report_offset} from config.yml, or {@code null} to derive one from the API ID
     */
    public static ReportSchedule of(int intervalMinutes, Integer configuredOffsetSeconds, String apiId) {
        Duration interval = Duration.ofMinutes(intervalMinutes);
        long offset = configuredOffsetSeconds != null ? configuredOffsetSeconds : Math.floorMod(stableHash(apiId), interval.toSeconds());
        return new ReportSchedule(interval, Duration.ofSeconds(offset));
    }

    /** The first report time strictly after {@code now}. */
    public Instant next(Instant now) {
        long period = interval.toSeconds();
        long epoch = now.getEpochSecond();
        long slot = Math.floorDiv(epoch, period) * period + offset.toSeconds();
        if (slot <= epoch) {
            slot += period;
        }
        return Instant.ofEpochSecond(slot);
    }

    private static long stableHash(String apiId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiId.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
