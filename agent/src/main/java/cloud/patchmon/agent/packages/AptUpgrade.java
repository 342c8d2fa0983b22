package cloud.patchmon.agent.packages;

import java.util.List;
import java.util.Locale;

/**
 * One {@code Inst} line of an apt simulation: a package apt would install or upgrade.
 *
 * @param aptName          as apt spells it, {@code libc6:i386} for a foreign architecture
 * @param installedVersion the version it replaces; {@code null} for a package apt would newly install
 * @param version          the version apt would install
 * @param origins          the archives offering that version, as apt names them
 *                         ({@code Debian-Security:12/oldstable-security}, {@code Ubuntu:22.04/jammy-updates})
 * @param architecture     the architecture of that version
 */
record AptUpgrade(String aptName, String installedVersion, String version, List<String> origins, String architecture) {

    AptUpgrade {
        origins = List.copyOf(origins);
    }

    /** Whether a security archive (Debian's {@code *-security} suites, Ubuntu's {@code *-security} pockets) offers the version. */
    boolean fromSecurityArchive() {
        return origins.stream().anyMatch(AptUpgrade::isSecurityArchive);
    }

    /** The one rule for "security" across apt's outputs: the archive's label, suite or pocket says so. */
    static boolean isSecurityArchive(String archive) {
        return archive.toLowerCase(Locale.ROOT).contains("security");
    }
}
