package cloud.patchmon.agent.patching;

import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * apt-get's simulation ({@code -s}): one {@code Inst} line per package it would unpack —
 * {@code Inst <name> [<installed>] (<version> <archives> [<arch>])}, no installed version for a new
 * package — and one {@code Remv}/{@code Purg} line per package it would remove. Messages such as
 * "is already the newest version" or "Skipping …, it is not installed" add nothing to the transaction.
 */
final class AptTransactionParser implements TransactionParser {

    private static final Pattern INST = Pattern.compile(
            "^Inst (\\S+) (?:\\[(\\S+)] )?\\((\\S+) .*?\\[([^\\[\\]\\s]+)]\\)(?: \\[[^\\]]*])*$");
    private static final Pattern REMOVE = Pattern.compile("^(?:Remv|Purg) (\\S+)(?: \\[(\\S+)])?.*$");

    @Override
    public List<AffectedPackage> parse(String stdout, PatchRequest request) throws IOException {
        List<AffectedPackage> affected = new ArrayList<>();
        for (String line : stdout.split("\r?\n")) {
            if (line.startsWith("Inst ")) {
                Matcher m = INST.matcher(line);
                if (!m.matches()) {
                    throw new IOException("unexpected apt-get simulation line: " + line);
                }
                affected.add(Affected.of(bare(m.group(1)), m.group(4), m.group(2), m.group(3), request));
            } else if (line.startsWith("Remv ") || line.startsWith("Purg ")) {
                Matcher m = REMOVE.matcher(line);
                if (!m.matches()) {
                    throw new IOException("unexpected apt-get simulation line: " + line);
                }
                affected.add(Affected.of(bare(m.group(1)), arch(m.group(1)), m.group(2), null, "remove", request));
            }
        }
        return affected;
    }

    /** {@code libc6:i386} is the package {@code libc6} of a foreign architecture. */
    private static String bare(String aptName) {
        int colon = aptName.indexOf(':');
        return colon < 0 ? aptName : aptName.substring(0, colon);
    }

    private static String arch(String aptName) {
        int colon = aptName.indexOf(':');
        return colon < 0 ? null : aptName.substring(colon + 1);
    }
}
