package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code yum updateinfo list security} and DNF4's {@code dnf updateinfo list --security}: one
 * {@code ADVISORY  SEVERITY/Sec.  name-[epoch:]version-release.arch} line per advisory and package
 * (e.g. {@code RHSA-2024:1234 Important/Sec. openssl-1:3.0.7-25.el9_3.x86_64}), among messages
 * ("Loaded plugins: …", "Security: kernel-… is the currently running version", "updateinfo list done").
 */
final class YumUpdateinfoParser {

    // Every security label ends so: Critical/Sec., Important/Sec., Moderate/Sec., Low/Sec., Unknown/Sec.
    private static final String SECURITY_LABEL = "/Sec.";

    private YumUpdateinfoParser() {
    }

    static List<RpmSecurityFix> parse(String stdout) throws IOException {
        List<RpmSecurityFix> fixes = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length != 3 || !words[1].endsWith(SECURITY_LABEL)) {
                continue;
            }
            try {
                RpmNevra nevra = RpmNevra.parse(words[2]);
                fixes.add(new RpmSecurityFix(nevra.name(), nevra.evr()));
            } catch (IllegalArgumentException e) {
                throw new IOException("unreadable updateinfo line: " + line, e);
            }
        }
        return fixes;
    }
}
