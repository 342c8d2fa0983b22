package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.protocol.PackageEntry;

import java.io.IOException;
import java.util.List;

/**
 * dnf hosts (Fedora, RHEL/Rocky/Alma 8+), DNF4 and DNF5 alike: installed packages from the rpm
 * database, updates from {@code check-update} (DNF4) or {@code check-upgrade} (DNF5) with the offering
 * repository, and security updates from the security advisories ({@code updateinfo list} /
 * {@code advisory list}) whose fixed version is newer than the installed one.
 *
 * <p>Which dnf is asked on every collection, so a host upgraded from DNF4 to DNF5 is read correctly
 * without restarting the agent.
 */
public final class DnfPackageManager implements PackageManager {

    private static final int UPDATES_AVAILABLE = 100;

    private final CommandRunner runner;

    public DnfPackageManager(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "dnf";
    }

    @Override
    public boolean isPresent() {
        return runner.isAvailable("dnf") || runner.isAvailable("dnf5");
    }

    @Override
    public List<PackageEntry> collect() throws IOException {
        DnfCli cli = DnfCli.detect(runner);
        List<RpmPackage> installed = RpmInstalledPackages.read(runner);
        List<RpmUpdate> updates = updates(cli);
        // Without updates nothing can be a security update, and the advisory query is the slow one.
        List<RpmSecurityFix> fixes = updates.isEmpty() ? List.of() : securityFixes(cli);
        return RpmInventory.entries(installed, updates, fixes);
    }

    /**
     * Downloads fresh repository metadata ({@code dnf --refresh makecache}); collection itself only
     * reads the cache.
     *
     * @throws IOException when dnf fails, e.g. a repository cannot be reached
     */
    public void refreshCache() throws IOException {
        List<String> command = DnfCli.detect(runner).refreshCache();
        CommandResult result = runner.run(command, CommandRunner.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw failure(command, result);
        }
    }

    private List<RpmUpdate> updates(DnfCli cli) throws IOException {
        List<String> command = cli.checkUpdates();
        CommandResult result = runner.run(command, CommandRunner.DEFAULT_TIMEOUT);
        if (result.exitCode() == UPDATES_AVAILABLE) {
            return cli.parseUpdates(result.stdout());
        }
        if (result.succeeded()) {
            return List.of();
        }
        throw failure(command, result);
    }

    private List<RpmSecurityFix> securityFixes(DnfCli cli) throws IOException {
        List<String> command = cli.securityAdvisories();
        CommandResult result = runner.run(command, CommandRunner.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw failure(command, result);
        }
        return cli.parseSecurityAdvisories(result.stdout());
    }

    private static IOException failure(List<String> command, CommandResult result) {
        return new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ": "
                + result.stderr().strip());
    }
}
