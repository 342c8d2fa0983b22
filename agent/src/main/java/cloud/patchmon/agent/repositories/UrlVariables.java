package cloud.patchmon.agent.repositories;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Variables in repository URLs: {@code $releasever}, {@code ${ABI}}, {@code $repo}. The fleet view keys
 * repositories by URL, so the agent reports the URL the host really fetches from: an el8 and an el9 host
 * do not share {@code …/$releasever/BaseOS/…}. A variable the host does not define stays as written,
 * as the package managers leave it.
 */
record UrlVariables(Map<String, String> values) {

    private static final Pattern REFERENCE = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))");

    UrlVariables {
        values = Map.copyOf(values);
    }

    /** {@code base} with the variable files of {@code dirs} (file name = name, first line = value), later dirs winning. */
    static UrlVariables withFiles(Map<String, String> base, ConfigText files, String... dirs) throws IOException {
        Map<String, String> values = new HashMap<>(base);
        for (String dir : dirs) {
            for (String file : files.list(dir, "*")) {
                String name = file.substring(file.lastIndexOf('/') + 1);
                if (name.matches("\\w+")) {
                    values.put(name, files.read(file).map(t -> t.lines().findFirst().orElse("")).orElse("").trim());
                }
            }
        }
        return new UrlVariables(values);
    }

    String expand(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether {@code text} refers to the variable {@code name}. */
    static boolean refersTo(String text, String name) {
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            if (name.equals(m.group(1) != null ? m.group(1) : m.group(2))) {
                return true;
            }
        }
        return false;
    }

    String value(String name) {
        return values.getOrDefault(name, "");
    }
}
