package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;

import java.io.IOException;
import java.util.List;

/**
 * Which dnf the host has and how to ask it: DNF4 and DNF5 name their commands and print their lists
 * differently. Collection commands run with {@code --cacheonly}: refreshing the metadata is
 * {@link DnfPackageManager#refreshCache()}'s job, done when the configured refresh mode says so,
 * never as a side effect of collecting.
 *
 * @param program the executable to run, {@code dnf} or {@code dnf5}
 * @param dnf5 whether it is DNF5
 */
record DnfCli(String program, boolean dnf5) {

    /**
     * DNF5 announces itself on the first line of {@code dnf --version} ({@code dnf5 version 5.2.8.1});
     * DNF4 prints a bare version number. Fedora 41+ installs DNF5 as {@code dnf}; a host with only a
     * {@code dnf5} executable gets that one.
     */
    static DnfCli detect(CommandRunner runner) throws IOException {
        if (!runner.isAvailable("dnf")) {
            if (runner.isAvailable("dnf5")) {
                return new DnfCli("dnf5", true);
            }
            throw new IOException("neither dnf nor dnf5 is installed");
        }
        CommandResult version = runner.run("dnf", "--version");
        if (!version.succeeded()) {
            throw new IOException("dnf --version exited with " + version.exitCode() + ": " + version.stderr().strip());
        }
        String firstLine = version.stdout().lines().findFirst().orElse("").strip();
        return new DnfCli("dnf", firstLine.startsWith("dnf5"));
    }

    /** Exits 100 when upgrades exist, 0 when none do. */
    List<String> checkUpdates() {
        return List.of(program, "--cacheonly", dnf5 ? "check-upgrade" : "check-update");
    }

    List<RpmUpdate> parseUpdates(String stdout) throws IOException {
        return dnf5 ? Dnf5CheckUpgradeParser.parse(stdout) : YumCheckUpdateParser.parse(stdout);
    }

    /** Security advisories that installed packages do not have yet. */
    List<String> securityAdvisories() {
        return dnf5
                ? List.of(program, "--cacheonly", "advisory", "list", "--updates", "--security")
                : List.of(program, "--cacheonly", "updateinfo", "list", "--security", "--available");
    }

    List<RpmSecurityFix> parseSecurityAdvisories(String stdout) throws IOException {
        return dnf5 ? Dnf5AdvisoryListParser.parse(stdout) : YumUpdateinfoParser.parse(stdout);
    }

    /** Downloads fresh metadata for every enabled repository, expired or not. */
    List<String> refreshCache() {
        return List.of(program, "--refresh", "makecache");
    }
}
