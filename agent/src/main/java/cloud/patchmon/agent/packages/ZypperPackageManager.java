package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.protocol.PackageEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * zypper hosts (SLES, openSUSE): installed packages from the rpm database, updates from
 * {@code zypper --xmlout list-updates} with the offering repository's alias, and security updates
 * from the needed security patches ({@code list-patches --category security}) mapped to packages
 * through the patches' conflicts ({@code zypper info -t patch}): an update is a security update when a
 * needed security patch ships a version of that package newer than the installed one.
 *
 * <p>Collection does not refresh repositories ({@code --no-refresh}); {@link #refreshCache()} does.
 */
public final class ZypperPackageManager implements PackageManager {

    private static final List<String> ZYPPER = List.of("zypper", "--non-interactive", "--no-refresh");
    // 100 and 101 say that (security) patches are needed: information, not failure.
    private static final Set<Integer> SUCCESS = Set.of(0, 100, 101);
    // ZYPPER_EXIT_NO_REPOS: with no repository defined nothing can be offered.
    private static final int NO_REPOSITORIES = 6;

    private final CommandRunner runner;

    public ZypperPackageManager(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "zypper";
    }

    @Override
    public boolean isPresent() {
        return runner.isAvailable("zypper");
    }

    @Override
    public List<PackageEntry> collect() throws IOException {
        List<RpmPackage> installed = RpmInstalledPackages.read(runner);
        List<String> listUpdates = zypper("--xmlout", "list-updates");
        CommandResult updates = runner.run(listUpdates, CommandRunner.DEFAULT_TIMEOUT);
        if (updates.exitCode() == NO_REPOSITORIES) {
            return RpmInventory.entries(installed, List.of(), List.of());
        }
        List<RpmUpdate> offered = ZypperUpdatesParser.parse(requireSuccess(listUpdates, updates).stdout());
        List<RpmSecurityFix> fixes = offered.isEmpty() ? List.of() : securityFixes();
        return RpmInventory.entries(installed, offered, fixes);
    }

    /**
     * Refreshes every enabled repository ({@code zypper --non-interactive refresh}).
     *
     * @throws IOException when zypper fails, e.g. a repository cannot be reached
     */
    public void refreshCache() throws IOException {
        List<String> command = List.of("zypper", "--non-interactive", "refresh");
        CommandResult result = runner.run(command, CommandRunner.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw failure(command, result);
        }
    }

    private List<RpmSecurityFix> securityFixes() throws IOException {
        List<String> patches = ZypperPatchesParser.parse(run(zypper("--xmlout", "list-patches", "--category",
                "security")).stdout());
        if (patches.isEmpty()) {
            return List.of();
        }
        List<String> info = zypper("info", "-t", "patch");
        info.addAll(patches);
        return ZypperPatchInfoParser.parse(run(info).stdout(), patches);
    }

    private static List<String> zypper(String... arguments) {
        List<String> command = new ArrayList<>(ZYPPER);
        command.addAll(List.of(arguments));
        return command;
    }

    private CommandResult run(List<String> command) throws IOException {
        return requireSuccess(command, runner.run(command, CommandRunner.DEFAULT_TIMEOUT));
    }

    private static CommandResult requireSuccess(List<String> command, CommandResult result) throws IOException {
        if (!SUCCESS.contains(result.exitCode())) {
            throw failure(command, result);
        }
        return result;
    }

    private static IOException failure(List<String> command, CommandResult result) {
        return new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ": "
                + result.stderr().strip());
    }
}
