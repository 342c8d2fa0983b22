package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.protocol.PackageEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alpine packages: installed ones with their descriptions from {@code apk info -vv}, updates from
 * {@code apk version -l <} (the newest version the host's repositories and pins allow, as
 * {@code apk upgrade} would install).
 *
 * <p>Security updates are not known on Alpine: apk has no advisory data (Alpine publishes its
 * security database separately), so {@code isSecurityUpdate} is always false. apk names no category
 * and the agent does not ask which repository offers each version, so both are empty. Indexes apk
 * cannot read (never fetched, unreachable mirror) leave their updates out; apk only warns, which
 * is logged.
 */
public final class ApkPackageManager implements PackageManager {

    private static final System.Logger LOG = System.getLogger(ApkPackageManager.class.getName());

    private final CommandRunner runner;

    public ApkPackageManager(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "apk";
    }

    @Override
    public boolean isPresent() {
        return runner.isAvailable("apk");
    }

    @Override
    public List<PackageEntry> collect() throws IOException {
        List<ApkInstalledPackage> installed = ApkInfoParser.parse(run("apk", "info", "-vv").stdout());
        if (installed.isEmpty()) {
            throw new IOException("apk info listed no installed package");
        }
        CommandResult versions = run("apk", "version", "-l", "<");
        versions.stderr().lines().filter(l -> l.startsWith("WARNING: ")).forEach(l -> LOG.log(System.Logger.Level.WARNING, l));
        Map<String, String> upgrades = ApkVersionParser.parse(versions.stdout());

        List<PackageEntry> entries = new ArrayList<>(installed.size());
        for (ApkInstalledPackage p : installed) {
            String available = upgrades.get(p.name());
            entries.add(PackageEntry.of(p.name(), p.description(), null, p.version(), available, available != null, false, null));
        }
        return List.copyOf(entries);
    }

    /** {@code apk update}: fetches the repositories' current indexes. */
    @Override
    public void refreshCache() throws IOException {
        run("apk", "update");
    }

    private CommandResult run(String... command) throws IOException {
        CommandResult result = runner.run(List.of(command), CommandRunner.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            String stderr = result.stderr().strip();
            throw new IOException(command[0] + " " + command[1] + " exited with " + result.exitCode()
                    + (stderr.isEmpty() ? "" : ": " + stderr));
        }
        return result;
    }
}
