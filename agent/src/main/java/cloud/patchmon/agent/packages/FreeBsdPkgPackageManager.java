package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.protocol.PackageEntry;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * FreeBSD packages: installed packages from {@code pkg query} (comment as description, ports
 * category from the origin), updates from {@code pkg version -vRUL=} against the remote catalogue,
 * and security updates from {@code pkg audit}: a package with an update that the audit reports
 * vulnerable. The base system (freebsd-update) is not a package and not covered.
 *
 * <p>Collection neither updates the catalogue ({@code -U}) nor fetches the vulnerability database;
 * {@link #refreshCache()} does both.
 */
public final class FreeBsdPkgPackageManager implements PackageManager {

    private static final List<String> QUERY = List.of("pkg", "query", "-a", FreeBsdPkgQueryParser.QUERY_FORMAT);
    private static final List<String> VERSION = List.of("pkg", "version", "-vRUL=");
    private static final List<String> AUDIT = List.of("pkg", "audit");
    private static final List<String> UPDATE_CATALOGUE = List.of("pkg", "update");
    private static final List<String> FETCH_AUDIT = List.of("pkg", "audit", "-F");

    private final CommandRunner runner;

    public FreeBsdPkgPackageManager(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "pkg";
    }

    /**
     * FreeBSD's base system ships {@code /usr/sbin/pkg} as a bootstrapper even where pkg is not
     * installed; the real pkg comes with {@code pkg-static}, the bootstrapper does not.
     */
    @Override
    public boolean isPresent() {
        return runner.isAvailable("pkg") && runner.isAvailable("pkg-static");
    }

    @Override
    public List<PackageEntry> collect() throws IOException {
        List<FreeBsdPackage> installed = FreeBsdPkgQueryParser.parse(run(QUERY).stdout());
        Map<String, String> updates = FreeBsdPkgVersionParser.parse(run(VERSION).stdout());
        Set<String> vulnerable = updates.isEmpty() ? Set.of()
                : FreeBsdPkgAuditParser.parse(runner.run(AUDIT, CommandRunner.DEFAULT_TIMEOUT));
        return installed.stream().map(pkg -> entry(pkg, updates.get(pkg.nameVersion()),
                vulnerable.contains(pkg.nameVersion()))).toList();
    }

    /**
     * Updates the remote catalogue ({@code pkg update}) and fetches the vulnerability database
     * ({@code pkg audit -F}).
     *
     * @throws IOException when either fails, e.g. the repository cannot be reached
     */
    public void refreshCache() throws IOException {
        run(UPDATE_CATALOGUE);
        FreeBsdPkgAuditParser.parse(runner.run(FETCH_AUDIT, CommandRunner.DEFAULT_TIMEOUT));
    }

    private static PackageEntry entry(FreeBsdPackage pkg, String remoteVersion, boolean vulnerable) {
        boolean needsUpdate = remoteVersion != null;
        return PackageEntry.of(pkg.name(), pkg.comment(), pkg.category(), pkg.version(), remoteVersion, needsUpdate,
                needsUpdate && vulnerable, null);
    }

    private CommandResult run(List<String> command) throws IOException {
        CommandResult result = runner.run(command, CommandRunner.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        return result;
    }
}
