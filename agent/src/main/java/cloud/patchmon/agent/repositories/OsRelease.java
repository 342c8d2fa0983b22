package cloud.patchmon.agent.repositories;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The fields of os-release(5) that resolve repository variables ({@code VERSION_ID}, {@code PLATFORM_ID}). */
record OsRelease(Map<String, String> fields) {

    OsRelease {
        fields = Map.copyOf(fields);
    }

    /** {@code /etc/os-release}, else {@code /usr/lib/os-release}; no fields when neither exists. */
    static OsRelease read(ConfigText files) throws IOException {
        Optional<String> text = files.read("/etc/os-release");
        if (text.isEmpty()) {
            text = files.read("/usr/lib/os-release");
        }
        return parse(text.orElse(""));
    }

    static OsRelease parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.trim();
            int eq = trimmed.indexOf('=');
            if (trimmed.startsWith("#") || eq <= 0) {
                continue;
            }
            fields.put(trimmed.substring(0, eq), unquote(trimmed.substring(eq + 1).trim()));
        }
        return new OsRelease(fields);
    }

    Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name)).filter(v -> !v.isEmpty());
    }

    /** Shell-style quoting as os-release(5) allows: one pair of double or single quotes, backslash escapes in double quotes. */
    private static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '\'' && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.charAt(0) == '"' && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return value;
    }
}
