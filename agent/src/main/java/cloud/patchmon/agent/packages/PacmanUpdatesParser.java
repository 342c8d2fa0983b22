package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the update list of {@code checkupdates} and {@code pacman -Qu}: {@code <name> <installed> ->
 * <available>}, which {@code pacman -Qu} follows with {@code [ignored]} for a package on
 * {@code IgnorePkg}/{@code IgnoreGroup}.
 */
final class PacmanUpdatesParser {

    private static final Pattern UPDATE = Pattern.compile("^(\\S+) (\\S+) -> (\\S+)( \\[ignored])?$");

    private PacmanUpdatesParser() {
    }

    /**
     * The available version by package name; ignored packages are left out, as checkupdates leaves
     * them out, so both sources count the same.
     *
     * @throws IOException when a line is not an update
     */
    static Map<String, String> parse(String output) throws IOException {
        Map<String, String> updates = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = UPDATE.matcher(line);
            if (!m.matches()) {
                throw new IOException("unexpected pacman update line: " + line);
            }
            if (m.group(4) == null) {
                updates.put(m.group(1), m.group(3));
            }
        }
        return updates;
    }
}
