package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads DNF5's {@code dnf advisory list}: a table headed {@code Name Type Severity Package Issued}
 * with one row per advisory and package, e.g. {@code FEDORA-2025-2f4ba7cd17 security Moderate
 * curl-8.9.1-3.fc41.x86_64 2025-01-16 02:11:45}. This is where the DNF4 parsers (and upstream
 * PatchMon) go wrong on DNF5: the columns differ from DNF4's and the severity cell may be empty, so
 * rows are read from both ends: advisory and type first, package and issue date and time last.
 */
final class Dnf5AdvisoryListParser {

    private static final String HEADER = "Name";
    private static final String SECURITY = "security";
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2}");

    private Dnf5AdvisoryListParser() {
    }

    /** The security advisories' packages; rows of other advisory types are left out. */
    static List<RpmSecurityFix> parse(String stdout) throws IOException {
        List<RpmSecurityFix> fixes = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            if (line.isBlank() || Dnf5Messages.isRepositoryLoading(line)) {
                continue;
            }
            String[] words = line.strip().split("\\s+");
            if (words[0].equals(HEADER)) {
                continue;
            }
            int n = words.length;
            if (n < 5 || n > 6 || !DATE.matcher(words[n - 2]).matches() || !TIME.matcher(words[n - 1]).matches()) {
                throw new IOException("unreadable dnf advisory list line: " + line);
            }
            if (!words[1].equals(SECURITY)) {
                continue;
            }
            try {
                RpmNevra nevra = RpmNevra.parse(words[n - 3]);
                fixes.add(new RpmSecurityFix(nevra.name(), nevra.evr()));
            } catch (IllegalArgumentException e) {
                throw new IOException("unreadable dnf advisory list line: " + line, e);
            }
        }
        return fixes;
    }
}
