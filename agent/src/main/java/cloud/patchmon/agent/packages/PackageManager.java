package cloud.patchmon.agent.packages;

import cloud.patchmon.protocol.PackageEntry;

import java.io.IOException;
import java.util.List;

/**
 * One package manager of the host (apt, dnf, yum, zypper, apk, pacman, pkg): its installed packages
 * with the available updates and their security classification, as the report's {@code packages[]}.
 */
public interface PackageManager {

    /** The name the report's {@code packageManager} field carries, e.g. {@code apt} or {@code dnf}. */
    String name();

    /** Whether this manager is the host's (its tools are installed). */
    boolean isPresent();

    /**
     * Every installed package, with {@code availableVersion}/{@code needsUpdate}/{@code isSecurityUpdate}
     * set for those with an update. Never a partial list: a failure of a listing command throws.
     *
     * @throws IOException when a command fails or its output cannot be read
     */
    List<PackageEntry> collect() throws IOException;

    /**
     * Refreshes the manager's package lists from its repositories (apt-get update, dnf makecache …), so the
     * next {@link #collect()} sees the updates published since. Slow and network-bound: the caller decides
     * when (config.yml {@code package_cache_refresh_mode}).
     *
     * @throws IOException when the refresh command fails
     */
    void refreshCache() throws IOException;
}
