package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    /**
     * One fix per conflicting binary package of each requested security patch.
     *
     * @param patches the security patches the command was asked about
     * @throws IOException when a requested patch is missing, is not a security patch or names no
     *                     package: its packages' security updates would otherwise go unreported
     */
    static List<RpmSecurityFix> parse(String stdout, List<String> patches) throws IOException {
        Map<String, List<RpmSecurityFix>> conflicts = new HashMap<>();
        Set<String> security = new HashSet<>();
        String patch = null;
        boolean inConflicts = false;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith(PATCH_HEADING) && line.endsWith(":")) {
                patch = line.substring(PATCH_HEADING.length(), line.length() - 1);
                conflicts.put(patch, new ArrayList<>());
                inConflicts = false;
                continue;
            }
            Matcher key = line.startsWith(" ") ? null : KEY.matcher(line);
            if (patch != null && key != null && key.matches()) {
                inConflicts = key.group(1).equals("Conflicts");
                if (key.group(1).equals("Category") && key.group(2).strip().equals("security")) {
                    security.add(patch);
                }
            } else if (patch != null && inConflicts && line.startsWith(" ")) {
                fixOf(line.strip(), conflicts.get(patch));
            } else {
                inConflicts = false;
            }
        }
        List<RpmSecurityFix> fixes = new ArrayList<>();
        for (String requested : patches) {
            List<RpmSecurityFix> fixed = conflicts.getOrDefault(requested, List.of());
            if (!security.contains(requested) || fixed.isEmpty()) {
                throw new IOException("zypper info names no fixed packages for security patch " + requested);
            }
            fixes.addAll(fixed);
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
