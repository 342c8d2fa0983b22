package cloud.patchmon.agent.repositories;

import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.util.List;

/**
 * The configured repositories of one package manager (spec ch. 7), read from its configuration files
 * (sources.list and deb822 .sources, yum.repos.d, zypp/repos.d, apk repositories, pacman.conf, pkg repos).
 */
public interface RepositorySource {

    /** The package manager whose repositories these are, as {@link cloud.patchmon.agent.packages.PackageManager#name()}. */
    String packageManager();

    /** @throws IOException when the configuration exists but cannot be read */
    List<RepositoryEntry> collect() throws IOException;
}
