package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code apk version -l <}: a header, then {@code <name>-<installed> < <available> [<tag>]} per
 * upgradable package. apk-tools 2 pads the first column to 40 characters and glues a longer one to the
 * {@code <}; apk 2 also prints {@code fetch <url>} when it refreshes a stale index on the way.
 */
final class ApkVersionParser {

    private static final Pattern UPGRADE = Pattern.compile("^(\\S+?)\\s*<\\s+(\\S+)(?:\\s+\\S+)?\\s*$");

    private ApkVersionParser() {
    }

    /**
     * The available version by package name.
     *
     * @throws IOException when a comparison line cannot be read
     */
    static Map<String, String> parse(String output) throws IOException {
        Map<String, String> upgrades = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (!line.contains("<")) {
                continue;
            }
            Matcher m = UPGRADE.matcher(line);
            if (!m.matches()) {
                throw new IOException("unexpected apk version line: " + line);
            }
            upgrades.put(ApkNameVersion.parse(m.group(1)).name(), m.group(2));
        }
        return upgrades;
    }
}
