package cloud.patchmon.agent.patching;

import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pacman's print-only transaction ({@code -Sp}/{@code -Sup} with {@code --print-format "%n %v"}): one
 * {@code name version} line per target, dependencies included, nothing when everything is up to date.
 * Only the new versions are printed; the installed ones come from {@link InstalledVersions} ({@code pacman -Q}).
 */
final class PacmanTargetsParser implements TransactionParser {

    /** pacman versions are {@code [epoch:]pkgver-pkgrel}; the rel is what tells a target from a message. */
    private static final Pattern TARGET = Pattern.compile("^([a-zA-Z0-9@._+-]+) ((?:\\d+:)?[^\\s:/]+-\\d+(?:\\.\\d+)?)$");

    private final InstalledVersions installed;

    PacmanTargetsParser(InstalledVersions installed) {
        this.installed = installed;
    }

    @Override
    public List<AffectedPackage> parse(String stdout, PatchRequest request) throws IOException {
        Map<String, String> targets = new LinkedHashMap<>();
        for (String line : stdout.split("\r?\n")) {
            Matcher m = TARGET.matcher(line.strip());
            if (m.matches()) {
                targets.put(m.group(1), m.group(2));
            }
        }
        Map<String, String> versions = targets.isEmpty() ? Map.of() : installed.of(targets.keySet());
        List<AffectedPackage> affected = new ArrayList<>();
        targets.forEach((name, version) -> affected.add(Affected.of(name, null, versions.get(name), version, request)));
        return affected;
    }

    /** {@code pacman -Q} lines: {@code name version}; "was not found" errors go to stderr. */
    static Map<String, String> parseQuery(String stdout) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String line : stdout.split("\r?\n")) {
            String[] tokens = line.strip().split("\\s+");
            if (tokens.length == 2) {
                versions.put(tokens[0], tokens[1]);
            }
        }
        return versions;
    }
}
