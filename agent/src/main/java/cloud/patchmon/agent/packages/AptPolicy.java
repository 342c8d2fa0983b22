package cloud.patchmon.agent.packages;

import java.util.List;
import java.util.Optional;

/**
 * What {@code apt-cache policy} says of one package.
 *
 * @param installed the installed version; {@code null} for {@code (none)}
 * @param candidate the version apt would install; {@code null} for {@code (none)}
 * @param versions  the version table, highest first
 */
record AptPolicy(String installed, String candidate, List<Version> versions) {

    AptPolicy {
        versions = List.copyOf(versions);
    }

    /** Whether apt's candidate is another version than the installed one (held packages included). */
    boolean upgradable() {
        return installed != null && candidate != null && !candidate.equals(installed);
    }

    /**
     * The repository suites offering {@code version} ({@code bookworm-security}, {@code jammy-updates}),
     * in apt's order; none when only the dpkg status knows it (a local .deb, a removed repository).
     */
    List<String> suitesOf(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst().map(Version::suites).orElse(List.of());
    }

    /** Whether a security suite offers {@code version}. */
    boolean offeredBySecurityArchive(String version) {
        return suitesOf(version).stream().anyMatch(AptUpgrade::isSecurityArchive);
    }

    /** The suite to report as the package's source: a security suite when one offers the version, else apt's first. */
    Optional<String> sourceOf(String version) {
        List<String> suites = suitesOf(version);
        return suites.stream().filter(AptUpgrade::isSecurityArchive).findFirst().or(() -> suites.stream().findFirst());
    }

    /**
     * One row of the version table.
     *
     * @param suites the repository suites (or, for a flat repository, the URL) offering it
     */
    record Version(String version, List<String> suites) {

        Version {
            suites = List.copyOf(suites);
        }
    }
}
