package cloud.patchmon.agent.repositories;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The paragraphs of a deb822 file ({@code *.sources}): {@code Field: value} lines separated by blank
 * lines, continuation lines starting with white space (an embedded {@code Signed-By} key), {@code #}
 * comment lines anywhere. Field names are case-insensitive.
 */
final class Deb822Paragraphs {

    /**
     * One paragraph.
     *
     * @param line      its first line, 1-based, for log messages
     * @param malformed a line in it was neither a field, a continuation nor a comment
     */
    record Paragraph(int line, Map<String, String> fields, boolean malformed) {

        Optional<String> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }
    }

    private Deb822Paragraphs() {
    }

    static List<Paragraph> parse(String text) {
        List<Paragraph> paragraphs = new ArrayList<>();
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String last = null;
        int start = 0;
        boolean malformed = false;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                if (!fields.isEmpty() || malformed) {
                    paragraphs.add(new Paragraph(start, copy(fields), malformed));
                }
                fields.clear();
                last = null;
                malformed = false;
                continue;
            }
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            if (fields.isEmpty() && !malformed) {
                start = i + 1;
            }
            int colon = line.indexOf(':');
            if (Character.isWhitespace(line.charAt(0)) && last != null) {
                fields.merge(last, line.trim(), (a, b) -> a + "\n" + b);
            } else if (colon > 0 && !Character.isWhitespace(line.charAt(0))) {
                last = line.substring(0, colon).trim();
                fields.put(last, line.substring(colon + 1).trim());
            } else {
                malformed = true;
            }
        }
        if (!fields.isEmpty() || malformed) {
            paragraphs.add(new Paragraph(start, copy(fields), malformed));
        }
        return paragraphs;
    }

    private static Map<String, String> copy(Map<String, String> fields) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(fields);
        return Collections.unmodifiableMap(copy);
    }
}
