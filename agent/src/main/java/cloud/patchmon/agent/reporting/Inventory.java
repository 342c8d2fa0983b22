package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.network.NetworkInfo;
import cloud.patchmon.agent.system.SystemInfo;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.RepositoryEntry;

import java.util.List;

/**
 * Everything one collection found on the host, complete or not at all (a failed package listing fails
 * the collection instead of reporting an empty list as the truth).
 *
 * @param packageManager the manager the packages came from, e.g. {@code apt}
 * @param executionMs    how long the collection took
 */
public record Inventory(String hostname, String packageManager, List<PackageEntry> packages, List<RepositoryEntry> repositories,
                        NetworkInfo network, SystemInfo system, long executionMs) {

    public Inventory {
        packages = List.copyOf(packages);
        repositories = List.copyOf(repositories);
    }

    public long updates() {
        return packages.stream().filter(PackageEntry::needsUpdate).count();
    }

    public long securityUpdates() {
        return packages.stream().filter(PackageEntry::isSecurityUpdate).count();
    }
}
