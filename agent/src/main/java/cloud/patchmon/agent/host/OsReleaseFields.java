package cloud.patchmon.agent.host;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code KEY=value} fields of an os-release(5) file, with its shell-style quoting undone. */
public record OsReleaseFields(Map<String, String> fields) {

    public OsReleaseFields {
        fields = Map.copyOf(fields);
    }

    public static OsReleaseFields parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (trimmed.startsWith("#") || eq <= 0) {
                continue;
            }
            fields.put(trimmed.substring(0, eq), unquote(trimmed.substring(eq + 1).strip()));
        }
        return new OsReleaseFields(fields);
    }

    /** The field's value; empty when it is missing or blank. */
    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** One pair of single or double quotes; inside double quotes, os-release(5)'s escapes {@code \" \\ \$ \`}. */
    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') && value.charAt(value.length() - 1) == value.charAt(0)) {
            String inner = value.substring(1, value.length() - 1);
            return value.charAt(0) == '"' ? inner.replaceAll("\\\\([\"\\\\$`])", "$1") : inner;
        }
        return value;
    }
}
