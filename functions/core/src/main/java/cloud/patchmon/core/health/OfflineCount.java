package cloud.patchmon.core.health;

import java.time.Instant;

/** How many reported hosts of a tenant were stale at the last host-health sweep that changed the figure. */
public record OfflineCount(long hosts, Instant countedAt) {

    public static final OfflineCount NONE = new OfflineCount(0, null);
}
