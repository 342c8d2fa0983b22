package cloud.patchmon.agent.repositories;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The INI files of dnf/yum and zypper ({@code *.repo}): {@code [id]} sections of {@code key=value} lines,
 * continuation lines indented (several {@code baseurl}s), comments starting with {@code #} or {@code ;}.
 * Keys are lower-cased; a repeated key keeps its last value. Lines that fit none of these are skipped
 * with a debug log.
 */
final class IniSections {

    private static final System.Logger LOG = System.getLogger(IniSections.class.getName());

    /** One section; {@code line} is its header's line number. */
    record Section(String id, Map<String, String> values, int line) {

        Optional<String> value(String key) {
            return Optional.ofNullable(values.get(key)).map(String::trim).filter(v -> !v.isEmpty());
        }

        /** A boolean option as dnf and zypper read it ({@code 1}/{@code yes}/{@code true}/{@code on} or the opposite). */
        boolean flag(String key, boolean absent) {
            return value(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "1", "yes", "true", "on" -> true;
                case "0", "no", "false", "off" -> false;
                default -> absent;
            }).orElse(absent);
        }

        /** The first URL of a list option ({@code baseurl} may list several, separated by white space or commas). */
        Optional<String> firstUrl(String key) {
            return value(key).flatMap(v -> Arrays.stream(v.split("[\\s,]+")).filter(u -> !u.isEmpty()).findFirst());
        }
    }

    private IniSections() {
    }

    /** @param file the file's path, for the debug log */
    static List<Section> parse(String text, String file) {
        List<Section> sections = new ArrayList<>();
        String id = null;
        int header = 0;
        Map<String, String> values = new LinkedHashMap<>();
        String last = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                if (id != null) {
                    sections.add(new Section(id, Collections.unmodifiableMap(values), header));
                }
                id = trimmed.substring(1, trimmed.length() - 1).trim();
                header = i + 1;
                values = new LinkedHashMap<>();
                last = null;
                continue;
            }
            int eq = line.indexOf('=');
            if (id != null && last != null && Character.isWhitespace(line.charAt(0))) {
                values.merge(last, trimmed, (a, b) -> a + "\n" + b);
            } else if (id != null && eq > 0 && !Character.isWhitespace(line.charAt(0))) {
                last = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                values.put(last, line.substring(eq + 1).trim());
            } else {
                LOG.log(Level.DEBUG, "skipping malformed line {0}:{1}: {2}", file, i + 1, line);
            }
        }
        if (id != null) {
            sections.add(new Section(id, Collections.unmodifiableMap(values), header));
        }
        return sections;
    }
}
