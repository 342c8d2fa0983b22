package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads DNF5's {@code dnf check-upgrade}: a table without headings of {@code name.arch
 * [epoch:]version-release repository} rows, then a blank line, an "Obsoleting packages" heading and
 * the obsoleting rows (each followed by the installed packages it replaces, indented). DNF5 sizes the
 * columns to their content when stdout is not a terminal, so rows never wrap.
 *
 * <p>The obsoleting section repeats upgrades already listed above it and is not read.
 */
final class Dnf5CheckUpgradeParser {

    private static final String OBSOLETING = "Obsoleting packages";

    private Dnf5CheckUpgradeParser() {
    }

    /**
     * @param stdout the output of a run that exited with 100 (upgrades available)
     * @throws IOException when a line is not a row of the table
     */
    static List<RpmUpdate> parse(String stdout) throws IOException {
        List<RpmUpdate> updates = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            if (line.equals(OBSOLETING)) {
                break;
            }
            if (line.isBlank() || Dnf5Messages.isRepositoryLoading(line)) {
                continue;
            }
            updates.add(toUpdate(line));
        }
        if (updates.isEmpty()) {
            throw new IOException("dnf check-upgrade reported upgrades but listed none");
        }
        return updates;
    }

    private static RpmUpdate toUpdate(String line) throws IOException {
        String[] words = line.strip().split("\\s+");
        int dot = words[0].lastIndexOf('.');
        if (words.length != 3 || line.startsWith(" ") || dot <= 0 || dot == words[0].length() - 1
                || words[1].indexOf('-') <= 0) {
            throw new IOException("unreadable dnf check-upgrade line: " + line);
        }
        return new RpmUpdate(words[0].substring(0, dot), words[0].substring(dot + 1), words[1], words[2]);
    }
}
