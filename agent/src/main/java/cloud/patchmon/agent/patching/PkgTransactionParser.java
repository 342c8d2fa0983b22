package cloud.patchmon.agent.patching;

import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeBSD pkg's plan ({@code pkg upgrade -n}, {@code pkg install -n}): sections such as
 * {@code Installed packages to be UPGRADED:} over tab-indented rows — {@code name: old -> new},
 * {@code name: version} for new and removed packages, {@code name-version (reason)} for reinstalls —
 * each optionally followed by {@code [repository]}. "Your packages are up to date." prints no section.
 */
final class PkgTransactionParser implements TransactionParser {

    private static final Pattern CHANGE = Pattern.compile("^(\\S+): (\\S+) -> (\\S+)(?: \\[[^\\]]*])?$");
    private static final Pattern SINGLE = Pattern.compile("^(\\S+): (\\S+)(?: \\[[^\\]]*])?$");
    private static final Pattern REINSTALL = Pattern.compile("^(\\S+)-([^-\\s]+)(?: \\[[^\\]]*])?(?: \\(.*\\))?$");

    @Override
    public List<AffectedPackage> parse(String stdout, PatchRequest request) throws IOException {
        List<AffectedPackage> affected = new ArrayList<>();
        String action = null;
        for (String line : stdout.split("\r?\n")) {
            if (line.isBlank()) {
                action = null;
                continue;
            }
            if (!line.startsWith("\t") && !line.startsWith(" ")) {
                action = section(line);
                continue;
            }
            if (action == null) {
                continue;
            }
            String row = line.strip();
            Matcher m;
            switch (action) {
                case "upgrade", "downgrade" -> {
                    m = match(CHANGE, row);
                    affected.add(Affected.of(m.group(1), null, m.group(2), m.group(3), action, request));
                }
                case "install" -> {
                    m = match(SINGLE, row);
                    affected.add(Affected.of(m.group(1), null, null, m.group(2), action, request));
                }
                case "remove" -> {
                    m = match(SINGLE, row);
                    affected.add(Affected.of(m.group(1), null, m.group(2), null, action, request));
                }
                default -> {
                    m = match(REINSTALL, row);
                    affected.add(Affected.of(m.group(1), null, m.group(2), m.group(2), action, request));
                }
            }
        }
        return affected;
    }

    private static Matcher match(Pattern pattern, String row) throws IOException {
        Matcher m = pattern.matcher(row);
        if (!m.matches()) {
            throw new IOException("unexpected row in pkg's plan: " + row);
        }
        return m;
    }

    private static String section(String header) {
        if (!header.endsWith(":")) {
            return null;
        }
        if (header.contains("to be UPGRADED")) {
            return "upgrade";
        }
        if (header.contains("to be DOWNGRADED")) {
            return "downgrade";
        }
        if (header.contains("to be INSTALLED")) {
            return "install";
        }
        if (header.contains("to be REINSTALLED")) {
            return "reinstall";
        }
        if (header.contains("to be REMOVED") || header.contains("to be DELETED")) {
            return "remove";
        }
        return null;
    }
}
