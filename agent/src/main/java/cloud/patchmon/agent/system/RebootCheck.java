package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the host should be rebooted, and why. Three independent signals, every one that fires adds
 * its reason (joined with {@code "; "}):
 * <ul>
 *   <li>Debian/Ubuntu's {@code /var/run/reboot-required} flag, naming the packages from
 *       {@code reboot-required.pkgs} beside it;</li>
 *   <li>on RHEL-family hosts with dnf-utils/yum-utils, {@code needs-restarting -r} exiting 1 (any other
 *       exit, e.g. when not run as root, says nothing either way);</li>
 *   <li>a newer installed kernel than the running one.</li>
 * </ul>
 */
final class RebootCheck {

    /** {@code reason} is {@code null} when no reboot is needed. */
    record Reboot(boolean needed, String reason) {
    }

    private static final Duration NEEDS_RESTARTING_TIMEOUT = Duration.ofSeconds(60);

    private final HostFiles files;
    private final CommandRunner commands;

    RebootCheck(HostFiles files, CommandRunner commands) {
        this.files = files;
        this.commands = commands;
    }

    Reboot check(KernelVersions.Kernels kernels) {
        List<String> reasons = new ArrayList<>();
        addIfPresent(reasons, rebootRequiredFlag());
        addIfPresent(reasons, needsRestarting());
        if (kernels.updatePending()) {
            reasons.add("Kernel update: running " + kernels.running() + ", installed " + kernels.newestInstalled());
        }
        return reasons.isEmpty() ? new Reboot(false, null) : new Reboot(true, String.join("; ", reasons));
    }

    private static void addIfPresent(List<String> reasons, String reason) {
        if (reason != null) {
            reasons.add(reason);
        }
    }

    private String rebootRequiredFlag() {
        // /var/run is a symlink to /run on current systems, but not inside every container image.
        for (String dir : List.of("/var/run", "/run")) {
            if (files.exists(dir + "/reboot-required")) {
                Set<String> packages = new LinkedHashSet<>();
                for (String line : files.lines(dir + "/reboot-required.pkgs")) {
                    if (!line.isBlank()) {
                        packages.add(line.strip());
                    }
                }
                return packages.isEmpty()
                        ? "Reboot required (" + dir + "/reboot-required)"
                        : "Reboot required by package updates: " + String.join(", ", packages);
            }
        }
        return null;
    }

    private String needsRestarting() {
        if (!commands.isAvailable("needs-restarting")) {
            return null;
        }
        try {
            CommandResult result = commands.run(List.of("needs-restarting", "-r"), NEEDS_RESTARTING_TIMEOUT);
            if (result.exitCode() != 1) {
                return null;
            }
            List<String> updated = new ArrayList<>();
            for (String line : result.stdout().lines().toList()) {
                String trimmed = line.strip();
                if (trimmed.startsWith("* ")) {
                    updated.add(trimmed.substring(2).strip());
                }
            }
            return updated.isEmpty()
                    ? "needs-restarting: reboot required"
                    : "needs-restarting: updated since boot: " + String.join(", ", updated);
        } catch (IOException e) {
            return null;
        }
    }
}
