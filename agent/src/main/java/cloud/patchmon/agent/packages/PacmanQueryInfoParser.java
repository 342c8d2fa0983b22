package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code pacman -Qi}: one block of {@code <Field> : <value>} lines per installed package,
 * separated by blank lines; lists are joined by two spaces and {@code None} when empty, and
 * {@code Optional Deps} continues on indented lines.
 */
final class PacmanQueryInfoParser {

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z][A-Za-z ]*?)\\s*: (.*)$");
    private static final String NONE = "None";

    private PacmanQueryInfoParser() {
    }

    /** @throws IOException when a package block has no name or version */
    static List<PacmanInstalledPackage> parse(String output) throws IOException {
        List<PacmanInstalledPackage> packages = new ArrayList<>();
        Map<String, String> fields = new HashMap<>();
        for (String line : output.split("\n", -1)) {
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    packages.add(toPackage(fields));
                    fields.clear();
                }
                continue;
            }
            Matcher m = FIELD.matcher(line);
            if (!line.startsWith(" ") && m.matches()) {
                fields.put(m.group(1), m.group(2).strip());
            }
        }
        if (!fields.isEmpty()) {
            packages.add(toPackage(fields));
        }
        return packages;
    }

    private static PacmanInstalledPackage toPackage(Map<String, String> fields) throws IOException {
        String name = fields.get("Name");
        String version = fields.get("Version");
        if (name == null || version == null) {
            throw new IOException("pacman -Qi printed a package without Name or Version: " + fields);
        }
        String description = fields.getOrDefault("Description", "");
        String groups = fields.getOrDefault("Groups", NONE);
        return new PacmanInstalledPackage(name, version, description.isEmpty() ? null : description,
                groups.equals(NONE) ? List.of() : List.of(groups.split(" {2}")));
    }
}
