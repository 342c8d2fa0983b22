package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.protocol.PackageEntry;

import java.io.IOException;
import java.util.List;

/**
 * yum hosts (RHEL/CentOS 7): installed packages from the rpm database, updates from
 * {@code yum check-update} with the offering repository, and security updates from
 * {@code yum updateinfo list security} whose fixed version is newer than the installed one. Hosts
 * whose repositories publish no updateinfo (CentOS 7's own) report no security updates.
 *
 * <p>Collection reads the metadata cache only ({@code --cacheonly}); {@link #refreshCache()} renews it.
 */
public final class YumPackageManager implements PackageManager {

    private static final int UPDATES_AVAILABLE = 100;
    private static final List<String> CHECK_UPDATE = List.of("yum", "--cacheonly", "check-update");
    private static final List<String> SECURITY = List.of("yum", "--cacheonly", "updateinfo", "list", "security");
    private static final List<List<String>> REFRESH = List.of(
            List.of("yum", "clean", "expire-cache"),
            List.of("yum", "makecache", "fast"));

    private final CommandRunner runner;

    public YumPackageManager(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "yum";
    }

    /** On EL8 and later {@code yum} is dnf under another name; those hosts belong to {@link DnfPackageManager}. */
    @Override
    public boolean isPresent() {
        return runner.isAvailable("yum") && !runner.isAvailable("dnf");
    }

    @Override
    public List<PackageEntry> collect() throws IOException {
        List<RpmPackage> installed = RpmInstalledPackages.read(runner);
        List<RpmUpdate> updates = updates();
        List<RpmSecurityFix> fixes = updates.isEmpty() ? List.of() : YumUpdateinfoParser.parse(run(SECURITY).stdout());
        return RpmInventory.entries(installed, updates, fixes);
    }

    /**
     * Expires the cached metadata and downloads it again ({@code makecache fast} fetches what
     * check-update and updateinfo read, not the file lists).
     *
     * @throws IOException when yum fails, e.g. a repository cannot be reached
     */
    public void refreshCache() throws IOException {
        for (List<String> command : REFRESH) {
            run(command);
        }
    }

    private List<RpmUpdate> updates() throws IOException {
        CommandResult result = runner.run(CHECK_UPDATE, CommandRunner.DEFAULT_TIMEOUT);
        if (result.exitCode() == UPDATES_AVAILABLE) {
            return YumCheckUpdateParser.parse(result.stdout());
        }
        if (result.succeeded()) {
            return List.of();
        }
        throw failure(CHECK_UPDATE, result);
    }

    private CommandResult run(List<String> command) throws IOException {
        CommandResult result = runner.run(command, CommandRunner.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw failure(command, result);
        }
        return result;
    }

    private static IOException failure(List<String> command, CommandResult result) {
        return new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ": "
                + result.stderr().strip());
    }
}
