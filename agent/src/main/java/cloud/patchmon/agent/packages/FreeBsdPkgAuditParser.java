package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code pkg audit}: a {@code name-version is vulnerable:} block per package and vulnerability,
 * then {@code N problem(s) in M installed package(s) found.}. pkg exits with 1 both when it finds
 * vulnerable packages and when it cannot audit (e.g. no vulnerability database yet); the closing
 * count line tells the two apart, as pkg prints it only after a completed audit.
 */
final class FreeBsdPkgAuditParser {

    private static final Pattern VULNERABLE = Pattern.compile("^(\\S+) is vulnerable:$");
    private static final Pattern SUMMARY = Pattern.compile("^\\d+ problem\\(s\\) in (\\d+) installed package\\(s\\) found\\.$");

    private FreeBsdPkgAuditParser() {
    }

    /**
     * The vulnerable packages as {@code name-version}.
     *
     * @throws IOException when the audit did not complete or its packages do not add up to its count
     */
    static Set<String> parse(CommandResult result) throws IOException {
        Set<String> vulnerable = new HashSet<>();
        Integer reported = null;
        for (String line : result.stdout().lines().toList()) {
            Matcher vulnerableLine = VULNERABLE.matcher(line);
            Matcher summary = SUMMARY.matcher(line);
            if (vulnerableLine.matches()) {
                vulnerable.add(vulnerableLine.group(1));
            } else if (summary.matches()) {
                reported = Integer.valueOf(summary.group(1));
            }
        }
        if ((result.exitCode() != 0 && result.exitCode() != 1) || reported == null) {
            throw new IOException("pkg audit exited with " + result.exitCode() + " without completing: "
                    + result.stderr().strip());
        }
        if (reported != vulnerable.size()) {
            throw new IOException("pkg audit counted " + reported + " vulnerable packages but listed "
                    + vulnerable.size());
        }
        return vulnerable;
    }
}
