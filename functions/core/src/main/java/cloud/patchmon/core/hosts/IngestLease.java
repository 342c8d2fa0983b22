package cloud.patchmon.core.hosts;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A claim on ingesting a host's report, kept on its STATE item as {@code "<epochMillisUntil>:<uuid>"}
 * so that claiming it is one conditional write of an item every report writes anyway.
 */
record IngestLease(Instant until, String id) {

    /** Longer than a Lambda can run (29 s behind API Gateway), so only a crashed ingest's lease ever expires. */
    static final Duration TERM = Duration.ofSeconds(60);

    static IngestLease startingAt(Instant now) {
        return new IngestLease(Instant.ofEpochMilli(now.plus(TERM).toEpochMilli()), UUID.randomUUID().toString());
    }

    String token() {
        return until.toEpochMilli() + ":" + id;
    }

    /**
     * Whether a host whose STATE holds {@code token} ({@code null}: none) may start an ingest at {@code now}.
     * A token that does not parse was not written by this code, so it protects nothing and may be taken.
     */
    static boolean admits(String token, Instant now) {
        if (token == null) {
            return true;
        }
        int colon = token.indexOf(':');
        try {
            return colon <= 0 || !Instant.ofEpochMilli(Long.parseLong(token.substring(0, colon))).isAfter(now);
        } catch (NumberFormatException unreadable) {
            return true;
        }
    }
}
