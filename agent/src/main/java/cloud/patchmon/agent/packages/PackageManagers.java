package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandRunner;

import java.util.List;
import java.util.Optional;

/** Finds the host's package manager among those the agent supports. */
public final class PackageManagers {

    private PackageManagers() {
    }

    /**
     * The supported managers in detection order: a host with both (Debian with dnf installed, Fedora with
     * apt from a container toolbox) reports the distribution's own first.
     */
    public static List<PackageManager> candidates(CommandRunner runner) {
        return List.of(new AptPackageManager(runner), new DnfPackageManager(runner), new YumPackageManager(runner),
                new ZypperPackageManager(runner), new ApkPackageManager(runner), new PacmanPackageManager(runner),
                new FreeBsdPkgPackageManager(runner));
    }

    public static Optional<PackageManager> detect(CommandRunner runner) {
        return candidates(runner).stream().filter(PackageManager::isPresent).findFirst();
    }
}
