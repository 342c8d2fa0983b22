package cloud.patchmon.core.health;

import java.time.Instant;

/**
 * A raised {@code host_down}: the host missed three update intervals ({@link #MISSED_UPDATES}) or its agent's
 * connection dropped and stayed down past the grace period ({@link #DISCONNECTED}).
 */
public record HostDown(String hostId, Instant since, String reason) {

    public static final String MISSED_UPDATES = "missed_updates";
    public static final String DISCONNECTED = "disconnected";
}
