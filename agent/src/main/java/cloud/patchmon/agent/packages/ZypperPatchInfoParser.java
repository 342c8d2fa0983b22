package cloud.patchmon.agent.packages;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the packages that security patches fix from {@code zypper info -t patch <name>…}. zypper's
 * patch XML does not name the packages; the text does, as the patch's conflicts: a patch conflicts
 * with every package version older than the one it ships ({@code libopenssl3.x86_64 <
 * 3.1.4-150600.5.21.1}), listed under {@code Conflicts   : [N]} (or {@code Conflicts:} in older zypper).
 */
final class ZypperPatchInfoParser {

    private static final String PATCH_HEADING = "Information for patch ";
    private static final Pattern KEY = Pattern.compile("^([A-Za-z][A-Za-z ]*?)\\s*:(.*)$");
    private static final Pattern OLDER_THAN = Pattern.compile("^(\\S+)\\s+<\\s+(\\S+)$");
    private static final Set<String> ARCHES = Set.of("noarch", "x86_64", "i386", "i486", "i586", "i686",
            "aarch64", "aarch64_ilp32", "armv6hl", "armv7hl", "ppc", "ppc64", "ppc64le", "s390", "s390x",
            "riscv64", "src", "nosrc");
    private static final Set<String> SOURCE_ARCHES = Set.of("src", "nosrc");

    private ZypperPatchInfoParser() {
    }

    /** One fix per conflicting binary package of each patch whose category is {@code security}. */
    static List<RpmSecurityFix> parse(String stdout) {
        List<RpmSecurityFix> fixes = new ArrayList<>();
        List<RpmSecurityFix> patchFixes = new ArrayList<>();
        boolean security = false;
        boolean inConflicts = false;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith(PATCH_HEADING)) {
                if (security) {
                    fixes.addAll(patchFixes);
                }
                patchFixes.clear();
                security = false;
                inConflicts = false;
                continue;
            }
            Matcher key = line.startsWith(" ") ? null : KEY.matcher(line);
            if (key != null && key.matches()) {
                String name = key.group(1);
                inConflicts = name.equals("Conflicts");
                if (name.equals("Category")) {
                    security = key.group(2).strip().equals("security");
                }
            } else if (inConflicts && line.startsWith(" ")) {
                fixOf(line.strip(), patchFixes);
            } else {
                inConflicts = false;
            }
        }
        if (security) {
            fixes.addAll(patchFixes);
        }
        return fixes;
    }

    private static void fixOf(String capability, List<RpmSecurityFix> into) {
        Matcher older = OLDER_THAN.matcher(capability);
        if (!older.matches()) {
            return;
        }
        String nameArch = older.group(1);
        int dot = nameArch.lastIndexOf('.');
        String arch = dot > 0 ? nameArch.substring(dot + 1) : "";
        if (SOURCE_ARCHES.contains(arch)) {
            return;
        }
        String name = ARCHES.contains(arch) ? nameArch.substring(0, dot) : nameArch;
        into.add(new RpmSecurityFix(name, older.group(2)));
    }
}
