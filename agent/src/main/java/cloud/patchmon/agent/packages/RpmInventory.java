package cloud.patchmon.agent.packages;

import cloud.patchmon.protocol.PackageEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's packages of an rpm host: each installed package with its newest offered update, and
 * whether a security advisory or patch is fixed by updating it.
 */
final class RpmInventory {

    private RpmInventory() {
    }

    /**
     * A package is a security update when an update is offered and a security fix names a version newer
     * than the installed one. Advisories for versions already installed do not count: dnf lists those
     * for the running kernel after a newer kernel was installed (rhbz#1728004), and they are fixed on disk.
     *
     * @param installed the newest installed version per name
     */
    static List<PackageEntry> entries(List<RpmPackage> installed, List<RpmUpdate> updates,
                                      List<RpmSecurityFix> fixes) {
        Map<String, RpmUpdate> newestUpdate = new HashMap<>();
        for (RpmUpdate update : updates) {
            newestUpdate.merge(update.name(), update,
                    (kept, other) -> RpmVersions.compare(other.evr(), kept.evr()) > 0 ? other : kept);
        }
        Map<String, List<String>> fixedIn = new HashMap<>();
        for (RpmSecurityFix fix : fixes) {
            fixedIn.computeIfAbsent(fix.name(), name -> new ArrayList<>()).add(fix.evr());
        }
        return installed.stream().map(pkg -> entry(pkg, newestUpdate.get(pkg.name()),
                fixedIn.getOrDefault(pkg.name(), List.of()))).toList();
    }

    private static PackageEntry entry(RpmPackage pkg, RpmUpdate update, List<String> fixedIn) {
        String current = pkg.evr();
        boolean needsUpdate = update != null && RpmVersions.compare(update.evr(), current) > 0;
        if (!needsUpdate) {
            return PackageEntry.of(pkg.name(), pkg.summary(), pkg.group(), current, null, false, false, null);
        }
        boolean security = fixedIn.stream().anyMatch(fixed -> RpmVersions.compare(fixed, current) > 0);
        return PackageEntry.of(pkg.name(), pkg.summary(), pkg.group(), current, update.evr(), true, security,
                update.repository());
    }
}
