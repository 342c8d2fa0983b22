package cloud.patchmon.agent.repositories;

import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.util.List;

/**
 * The configured repositories of one package manager (spec ch. 7), read from its configuration files
 * (sources.list and deb822 .sources, yum.repos.d, zypp/repos.d, apk repositories, pacman.conf, pkg repos).
 *
 * <p>Only the repositories the package manager uses are reported, so every entry has
 * {@code isEnabled = true}: a disabled definition ({@code Enabled: no}, {@code enabled=0},
 * {@code enabled: no}) and a commented-out one ({@code # deb …}, {@code #https://…} in apk, a
 * {@code #[multilib]} section) are left out. Chapter 7 lists only enabled yum/dnf entries, treats
 * "inactive" as "no host uses it" (the records safe to tidy up), and counts every record in the
 * Security Score and the HTTP-only audit, which a never-used plaintext definition would only distort.
 * The same source configured twice is reported once.
 */
public interface RepositorySource {

    /** The package manager whose repositories these are, as {@link cloud.patchmon.agent.packages.PackageManager#name()}. */
    String packageManager();

    /** @throws IOException when the configuration exists but cannot be read */
    List<RepositoryEntry> collect() throws IOException;
}
