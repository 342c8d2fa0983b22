package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.packages.PackageManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the package lists are refreshed before a collection, per config.yml's {@code package_cache_refresh_mode}:
 * {@code always}, {@code never}, or {@code if_stale} — when the last refresh this agent did is older than
 * {@code package_cache_refresh_max_age} minutes. The time of the last refresh is the modification time of a
 * stamp file, so it survives restarts.
 */
public final class CacheRefresh {

    private static final System.Logger LOG = System.getLogger(CacheRefresh.class.getName());

    private final String mode;
    private final Duration maxAge;
    private final Path stamp;
    private final Clock clock;

    public CacheRefresh(String mode, Duration maxAge, Path stamp, Clock clock) {
        this.mode = mode;
        this.maxAge = maxAge;
        this.stamp = stamp;
        this.clock = clock;
    }

    /** Whether a refresh is due before the next collection. */
    public boolean due() {
        return switch (mode) {
            case "always" -> true;
            case "never" -> false;
            default -> lastRefresh().map(at -> !at.plus(maxAge).isAfter(clock.instant())).orElse(true);
        };
    }

    /** Whether the mode allows a refresh at all (a collection that failed on a missing cache may retry after one). */
    public boolean allowed() {
        return !"never".equals(mode);
    }

    /**
     * Refreshes; a failure (no network to the mirrors, say) is logged and the cached lists are used.
     *
     * @return whether the refresh worked
     */
    public boolean refresh(PackageManager manager) {
        try {
            manager.refreshCache();
            Files.createDirectories(stamp.toAbsolutePath().getParent());
            if (!Files.exists(stamp)) {
                Files.createFile(stamp);
            }
            Files.setLastModifiedTime(stamp, FileTime.from(clock.instant()));
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} package list refresh failed, using the cached lists: {1}", manager.name(), e.getMessage());
            return false;
        }
    }

    private java.util.Optional<Instant> lastRefresh() {
        try {
            return java.util.Optional.of(Files.getLastModifiedTime(stamp).toInstant());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
