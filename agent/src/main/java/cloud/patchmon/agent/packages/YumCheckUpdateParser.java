package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the package list of {@code yum check-update} and DNF4's {@code dnf check-update}, which share
 * yum's layout: messages ("Loaded plugins: …", "Last metadata expiration check: …"), a blank line,
 * then {@code name.arch  [epoch:]version-release  repository} rows, then an optional "Obsoleting
 * Packages" block.
 *
 * <p>The columns are sized to the terminal (80 characters when there is none, for yum and older dnf);
 * a value wider than its column ends the line and the rest of the row continues on the next, indented
 * to the next column. Rows are therefore assembled from words across lines until they have three.
 *
 * <p>The obsoleting block is not read: it pairs an offered package with the installed package it
 * replaces, and the replaced package's own name has no newer version to report.
 */
final class YumCheckUpdateParser {

    private static final String OBSOLETING = "Obsoleting Packages";
    private static final int COLUMNS = 3;

    private YumCheckUpdateParser() {
    }

    /**
     * @param stdout the output of a run that exited with 100 (updates available)
     * @throws IOException when the output does not have the layout above
     */
    static List<RpmUpdate> parse(String stdout) throws IOException {
        List<String> lines = stdout.lines().toList();
        int table = firstBlank(lines);
        if (table < 0) {
            throw new IOException("check-update reported updates but printed no package list");
        }
        List<RpmUpdate> updates = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String line : lines.subList(table + 1, lines.size())) {
            if (line.startsWith(OBSOLETING)) {
                break;
            }
            String[] lineWords = line.strip().split("\\s+");
            if (line.isBlank() || (words.isEmpty() && lineWords.length > COLUMNS)) {
                // A row has three columns, so a longer line at a row's start is a message.
                requireNoPartialRow(words, line);
                continue;
            }
            words.addAll(List.of(lineWords));
            if (words.size() > COLUMNS) {
                throw new IOException("unreadable check-update line: " + line);
            }
            if (words.size() == COLUMNS) {
                updates.add(toUpdate(words));
                words.clear();
            }
        }
        requireNoPartialRow(words, "end of output");
        return updates;
    }

    private static int firstBlank(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static void requireNoPartialRow(List<String> words, String where) throws IOException {
        if (!words.isEmpty()) {
            throw new IOException("check-update row " + words + " is incomplete at: " + where);
        }
    }

    private static RpmUpdate toUpdate(List<String> row) throws IOException {
        String nameArch = row.get(0);
        String evr = row.get(1);
        int dot = nameArch.lastIndexOf('.');
        if (dot <= 0 || dot == nameArch.length() - 1 || evr.indexOf('-') <= 0) {
            throw new IOException("unreadable check-update row: " + String.join(" ", row));
        }
        return new RpmUpdate(nameArch.substring(0, dot), nameArch.substring(dot + 1), evr, row.get(2));
    }
}
