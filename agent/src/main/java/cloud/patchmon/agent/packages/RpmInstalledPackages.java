package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The installed rpms of a dnf, yum or zypper host, read from the rpm database.
 *
 * <p>Install-only packages (kernel, kernel-core, kernel-default …) are installed in several versions
 * at once; the report carries one entry per name, so only the newest installed version is kept. That
 * is the one an update must be newer than, and the one a fixed advisory must cover.
 */
final class RpmInstalledPackages {

    /*
     * Fields end with the ASCII unit separator and records with the record separator: summaries and
     * groups may hold tabs, spaces or (rarely) newlines, the control characters never. No shell runs
     * the command, so the characters reach rpm as they are and rpm copies them to its output.
     */
    static final String QUERY_FORMAT = "%{NAME}\u001f%{EPOCHNUM}\u001f%{VERSION}\u001f%{RELEASE}\u001f%{ARCH}"
            + "\u001f%{SUMMARY}\u001f%{GROUP}\u001e\\n";

    private static final List<String> COMMAND = List.of("rpm", "-qa", "--queryformat", QUERY_FORMAT);
    private static final int FIELDS = 7;
    // Imported signing keys live in the rpm database as packages of this name; they are never updated.
    private static final String PUBLIC_KEY = "gpg-pubkey";

    private RpmInstalledPackages() {
    }

    /** The newest installed version of every package, sorted by name. */
    static List<RpmPackage> read(CommandRunner runner) throws IOException {
        CommandResult result = runner.run(COMMAND, CommandRunner.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw new IOException("rpm -qa exited with " + result.exitCode() + ": " + result.stderr().strip());
        }
        return parse(result.stdout());
    }

    static List<RpmPackage> parse(String stdout) throws IOException {
        Map<String, RpmPackage> newest = new LinkedHashMap<>();
        for (String record : stdout.split("\u001e", -1)) {
            String trimmed = record.startsWith("\n") ? record.substring(1) : record;
            if (trimmed.isEmpty()) {
                continue;
            }
            RpmPackage pkg = toPackage(trimmed);
            if (!PUBLIC_KEY.equals(pkg.name())) {
                newest.merge(pkg.name(), pkg,
                        (kept, other) -> RpmVersions.compare(other.evr(), kept.evr()) > 0 ? other : kept);
            }
        }
        if (newest.isEmpty()) {
            throw new IOException("rpm -qa listed no packages");
        }
        List<RpmPackage> sorted = new ArrayList<>(newest.values());
        sorted.sort(Comparator.comparing(RpmPackage::name));
        return sorted;
    }

    private static RpmPackage toPackage(String record) throws IOException {
        String[] fields = record.split("\u001f", -1);
        if (fields.length != FIELDS || fields[0].isEmpty()) {
            throw new IOException("unreadable rpm -qa record: " + record.replace('\u001f', '|'));
        }
        return new RpmPackage(fields[0], fields[1], fields[2], fields[3], fields[4], orNull(fields[5]),
                group(fields[6]));
    }

    private static String group(String group) {
        // Fedora and EL stopped maintaining groups; every package there says "Unspecified".
        return "Unspecified".equals(group) ? null : orNull(group);
    }

    private static String orNull(String value) {
        return value.isEmpty() || "(none)".equals(value) ? null : value;
    }
}
