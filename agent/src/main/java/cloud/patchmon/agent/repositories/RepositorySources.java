package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;

import java.util.Optional;

/** The repository source that goes with the host's package manager. */
public final class RepositorySources {

    private RepositorySources() {
    }

    /**
     * @param packageManager {@link cloud.patchmon.agent.packages.PackageManager#name()}: apt, dnf, yum, zypper, apk, pacman or pkg
     * @param machine        the kernel's machine name ({@code uname -m}, {@link cloud.patchmon.agent.system.SystemInfo#architecture()}),
     *                       which dnf, zypper and pacman URLs refer to
     * @return empty for a package manager the agent reads no repositories of
     */
    public static Optional<RepositorySource> forManager(String packageManager, HostFiles files, CommandRunner commands, String machine) {
        return Optional.ofNullable(switch (packageManager) {
            case "apt" -> new AptRepositories(files);
            case "dnf", "yum" -> new YumRepositories(files, packageManager, machine);
            case "zypper" -> new ZypperRepositories(files, machine);
            case "apk" -> new ApkRepositories(files);
            case "pacman" -> new PacmanRepositories(files, machine);
            case "pkg" -> new PkgRepositories(files, commands);
            default -> null;
        });
    }
}
