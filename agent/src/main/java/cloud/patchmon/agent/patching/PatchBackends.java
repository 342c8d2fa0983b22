package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.patching.PatchRequest.PatchType;
import cloud.patchmon.agent.patching.PatchStep.Role;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The commands of a run per package manager (AGENT-PROTOCOL.md "Patch commands", spec ch. 8 "Multi-OS
 * coverage"): refresh the lists, then the transaction — or its simulation for a dry run. apt runs with
 * dpkg keeping modified configuration files, dnf/yum/pkg/pacman with their assume-yes flags, and every
 * tool in an environment that can never prompt: stdin is /dev/null and the front ends are non-interactive.
 */
final class PatchBackends {

    /** The spec's text for a host whose package manager cannot patch (Alpine's apk among them). */
    static String unsupported(String manager) {
        return "package manager \"" + manager + "\" not supported for patching (apt, dnf, yum, pkg, pacman required)";
    }

    static final Map<String, String> ENVIRONMENT = Map.of(
            "DEBIAN_FRONTEND", "noninteractive",
            "APT_LISTCHANGES_FRONTEND", "none",
            "APT_LISTBUGS_FRONTEND", "none",
            // Ubuntu's needrestart would otherwise restart services itself or wait for an answer: only list them.
            "NEEDRESTART_MODE", "l",
            "UCF_FORCE_CONFFOLD", "1",
            "ASSUME_ALWAYS_YES", "yes",
            "PAGER", "cat",
            // The messages the parsers and the error checks read, without pinning LC_CTYPE (yum on Python 2
            // falls back to ASCII under LC_ALL=C and fails on non-ASCII repository metadata).
            "LC_MESSAGES", "C",
            "TERM", "dumb");

    private static final List<String> DPKG_KEEP_CONFIG = List.of(
            "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold");

    private final CommandRunner runner;
    private final BooleanSupplier refreshLists;

    /**
     * @param runner       finds the tools and queries installed versions (read-only commands)
     * @param refreshLists whether a run refreshes the package lists first: unless config.yml's
     *                     {@code package_cache_refresh_mode} is {@code never} (the operator refreshes them)
     */
    PatchBackends(CommandRunner runner, BooleanSupplier refreshLists) {
        this.runner = runner;
        this.refreshLists = refreshLists;
    }

    /**
     * @param manager the host's package manager as the report names it ({@code apt}, {@code dnf}, …)
     * @throws PatchRequest.Refused when it cannot patch
     */
    PatchPlan plan(String manager, PatchRequest request) throws PatchRequest.Refused {
        boolean refresh = refreshLists.getAsBoolean();
        return switch (manager) {
            case "apt" -> apt(request, refresh);
            case "dnf" -> rpm(manager, runner.isAvailable("dnf") ? "dnf" : "dnf5", request, refresh);
            case "yum" -> rpm(manager, "yum", request, refresh);
            case "pacman" -> pacman(request, refresh);
            case "pkg" -> pkg(request, refresh);
            default -> throw new PatchRequest.Refused(unsupported(manager));
        };
    }

    private PatchPlan apt(PatchRequest request, boolean refreshLists) {
        List<PatchStep> steps = new ArrayList<>();
        if (refreshLists) {
            steps.add(PatchStep.of(Role.REFRESH, "apt-get", "update", "-q"));
        }
        List<String> command = new ArrayList<>(List.of("apt-get"));
        if (request.dryRun()) {
            command.add("-s");
        }
        command.addAll(DPKG_KEEP_CONFIG);
        if (request.type() == PatchType.PATCH_ALL) {
            // --with-new-pkgs: the collector counts upgrades that need a new package (a kernel ABI bump); without it
            // apt-get keeps them back and the host would report the same updates after every patch run.
            command.addAll(List.of("--with-new-pkgs", "upgrade"));
        } else {
            command.addAll(List.of("--only-upgrade", "install"));
        }
        if (!request.dryRun()) {
            command.add("-y");
        }
        command.addAll(request.packageNames());
        steps.add(new PatchStep(command, Role.TRANSACTION, false));
        return new PatchPlan("apt", steps, ENVIRONMENT, new AptTransactionParser());
    }

    private PatchPlan rpm(String manager, String program, PatchRequest request, boolean refreshLists) {
        List<PatchStep> steps = new ArrayList<>();
        if (refreshLists) {
            // -y accepts a repository's new signing key, which would otherwise be a prompt.
            steps.add(PatchStep.of(Role.REFRESH, program, "makecache", "-y"));
        }
        List<String> command = new ArrayList<>(List.of(program, "upgrade", request.dryRun() ? "--assumeno" : "-y"));
        command.addAll(request.packageNames());
        steps.add(new PatchStep(command, Role.TRANSACTION, request.dryRun()));
        return new PatchPlan(manager, steps, ENVIRONMENT, new RpmTransactionParser(this::rpmVersions));
    }

    private PatchPlan pacman(PatchRequest request, boolean refreshLists) {
        List<PatchStep> steps = new ArrayList<>();
        boolean all = request.type() == PatchType.PATCH_ALL;
        if (all && !request.dryRun()) {
            steps.add(PatchStep.of(Role.TRANSACTION, "pacman", "-Syu", "--noconfirm"));
        } else {
            if (refreshLists) {
                steps.add(PatchStep.of(Role.REFRESH, "pacman", "-Sy", "--noconfirm"));
            }
            List<String> command = new ArrayList<>(List.of("pacman"));
            if (request.dryRun()) {
                command.addAll(List.of(all ? "-Sup" : "-Sp", "--print-format", "%n %v"));
            } else {
                command.addAll(List.of("-S", "--noconfirm"));
            }
            command.addAll(request.packageNames());
            steps.add(new PatchStep(command, Role.TRANSACTION, false));
        }
        return new PatchPlan("pacman", steps, ENVIRONMENT, new PacmanTargetsParser(this::pacmanVersions));
    }

    private PatchPlan pkg(PatchRequest request, boolean refreshLists) {
        List<PatchStep> steps = new ArrayList<>();
        boolean all = request.type() == PatchType.PATCH_ALL;
        // The base system is not a package: a real patch_all also applies freebsd-update's patches. Its fetch has no
        // side-effect-free simulation, so a dry run covers the packages only.
        if (all && !request.dryRun() && runner.isAvailable("freebsd-update")) {
            steps.add(PatchStep.of(Role.BASE_FETCH, "freebsd-update", "--not-running-from-cron", "fetch"));
            steps.add(PatchStep.of(Role.BASE_INSTALL, "freebsd-update", "--not-running-from-cron", "install"));
        }
        if (refreshLists) {
            steps.add(PatchStep.of(Role.REFRESH, "pkg", "update"));
        }
        List<String> command = new ArrayList<>(List.of("pkg", all ? "upgrade" : "install", request.dryRun() ? "-n" : "-y"));
        command.addAll(request.packageNames());
        steps.add(new PatchStep(command, Role.TRANSACTION, request.dryRun()));
        return new PatchPlan("pkg", steps, ENVIRONMENT, new PkgTransactionParser());
    }

    /** rpm's installed versions, epoch shown only when set (as dnf and yum print the new ones). */
    private Map<String, String> rpmVersions(java.util.Collection<String> names) throws IOException {
        List<String> command = new ArrayList<>(List.of("rpm", "-q", "--qf", "%{NAME} %{ARCH} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n"));
        command.addAll(names);
        // Exit 1 only says some name is not installed; those lines read "package x is not installed".
        CommandResult result = runner.run(command, CommandRunner.DEFAULT_TIMEOUT);
        Map<String, String> versions = new LinkedHashMap<>();
        for (String line : result.stdout().split("\n")) {
            String[] tokens = line.strip().split(" ");
            if (tokens.length == 3 && !line.startsWith("package ")) {
                versions.putIfAbsent(tokens[0], tokens[2]);
                versions.put(tokens[0] + "." + tokens[1], tokens[2]);
            }
        }
        return versions;
    }

    private Map<String, String> pacmanVersions(java.util.Collection<String> names) throws IOException {
        List<String> command = new ArrayList<>(List.of("pacman", "-Q"));
        command.addAll(names);
        return PacmanTargetsParser.parseQuery(runner.run(command, CommandRunner.DEFAULT_TIMEOUT).stdout());
    }
}
