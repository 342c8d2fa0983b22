package cloud.patchmon.agent.patching;

import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The transaction table dnf (DNF4 and DNF5) and yum print before they ask for confirmation, which
 * {@code --assumeno} declines: section headers ({@code Upgrading:}, {@code Installing dependencies:},
 * yum's {@code Updating for dependencies:} …) over indented rows {@code name arch version repository size}.
 * DNF4 wraps a name too long for its 80 columns onto a line of its own; DNF5 follows each upgrade with a
 * {@code replacing name arch version …} row holding the installed version. The others name only the new
 * version, so the installed ones come from {@link InstalledVersions} (rpm). The table ends at
 * {@code Transaction Summary}; "Nothing to do." prints no table at all.
 */
final class RpmTransactionParser implements TransactionParser {

    private final InstalledVersions installed;

    RpmTransactionParser(InstalledVersions installed) {
        this.installed = installed;
    }

    /** @param replacing the installed version a DNF5 {@code replacing} row named, else {@code null} */
    private record Row(String name, String arch, String version, String action, String replacing) {
    }

    @Override
    public List<AffectedPackage> parse(String stdout, PatchRequest request) throws IOException {
        List<Row> rows = new ArrayList<>();
        String action = null;
        String wrappedName = null;
        for (String line : stdout.split("\r?\n")) {
            if (line.startsWith("Transaction Summary")) {
                break;
            }
            if (line.isBlank() || line.startsWith("=")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                wrappedName = null;
                action = line.endsWith(":") ? section(line) : null;
                continue;
            }
            String[] tokens = line.strip().split("\\s+");
            if (action == null || (tokens[0].equals("Package") && tokens.length > 1 && tokens[1].equals("Arch"))) {
                continue;
            }
            if (tokens[0].equals("replacing")) {
                // DNF5: "replacing curl x86_64 8.6.0-8.fc40 fedora 796.2 KiB" after the row it upgrades.
                Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
                if (tokens.length >= 4 && last != null && last.name().equals(tokens[1]) && last.replacing() == null) {
                    rows.set(rows.size() - 1, new Row(last.name(), last.arch(), last.version(), last.action(), tokens[3]));
                }
                continue;
            }
            if (tokens.length == 1) {
                wrappedName = tokens[0];
                continue;
            }
            String name;
            int arch;
            if (wrappedName != null) {
                name = wrappedName;
                arch = 0;
                wrappedName = null;
            } else {
                name = tokens[0];
                arch = 1;
            }
            if (tokens.length < arch + 3) {
                throw new IOException("unexpected row in the transaction table: " + line.strip());
            }
            if (!action.equals("skip")) {
                rows.add(new Row(name, tokens[arch], tokens[arch + 1], action, null));
            }
        }
        Set<String> lookup = new LinkedHashSet<>();
        for (Row row : rows) {
            if (row.replacing() == null && !row.action().equals("install") && !row.action().equals("remove")) {
                lookup.add(row.name());
            }
        }
        Map<String, String> versions = lookup.isEmpty() ? Map.of() : installed.of(lookup);
        List<AffectedPackage> affected = new ArrayList<>();
        for (Row row : rows) {
            String current = switch (row.action()) {
                case "install" -> null;
                case "remove" -> row.version();
                default -> row.replacing() != null ? row.replacing()
                        : versions.getOrDefault(row.name() + "." + row.arch(), versions.get(row.name()));
            };
            String next = row.action().equals("remove") ? null : row.version();
            affected.add(Affected.of(row.name(), row.arch(), current, next, row.action(), request));
        }
        return affected;
    }

    /** The action of a section by its header; sections of packages dnf leaves out are skipped. */
    private static String section(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        if (h.startsWith("skipping")) {
            return "skip";
        }
        if (h.contains("downgrad")) {
            return "downgrade";
        }
        if (h.contains("reinstall")) {
            return "reinstall";
        }
        if (h.contains("remov") || h.contains("erasing")) {
            return "remove";
        }
        if (h.contains("upgrad") || h.contains("updat")) {
            return "upgrade";
        }
        if (h.contains("install")) {
            return "install";
        }
        return null;
    }
}
