package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code pkg version -vRL=}: one line per installed package not up to date with the remote
 * catalogue, {@code name-version} padded to 35 columns, a status character and its explanation, e.g.
 * {@code curl-8.10.1                        <   needs updating (remote has 8.11.0_1)}. Only {@code <}
 * is an update; {@code >} (newer than the catalogue), {@code ?} (not in it) and {@code !} (cannot be
 * compared) are not.
 */
final class FreeBsdPkgVersionParser {

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+([<=>?!])(?:\\s+(.*))?$");
    private static final Pattern NEEDS_UPDATING = Pattern.compile("^needs updating \\(\\S+ has (\\S+)\\)$");

    private FreeBsdPkgVersionParser() {
    }

    /** The remote version of each package that needs updating, by {@code name-version}. */
    static Map<String, String> parse(String stdout) throws IOException {
        Map<String, String> updates = new HashMap<>();
        for (String line : stdout.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new IOException("unreadable pkg version line: " + line);
            }
            if (!matcher.group(2).equals("<")) {
                continue;
            }
            Matcher remote = NEEDS_UPDATING.matcher(matcher.group(3) == null ? "" : matcher.group(3));
            if (!remote.matches()) {
                throw new IOException("pkg version line without the remote version: " + line);
            }
            updates.put(matcher.group(1), remote.group(1));
        }
        return updates;
    }
}
