package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The running kernel and the newest kernel installed on disk. Installed kernels are found from files
 * rather than package queries, so one rule serves every distribution:
 * <ol>
 *   <li>{@code /boot/vmlinuz-<release>} (Debian, Ubuntu, RHEL; rescue images and flavour-named images
 *       such as Alpine's {@code vmlinuz-lts} are skipped) and {@code /lib/modules/<release>/vmlinuz}
 *       (RHEL 8+, Fedora, SUSE, Arch ship the image beside the modules);</li>
 *   <li>only when neither exists, {@code /lib/modules/<release>} directories holding a {@code modules.dep}
 *       (Alpine, Raspberry Pi OS), because module directories alone can outlive a removed kernel.</li>
 * </ol>
 * Only kernels of the running kernel's flavour count when there are any, so an installed {@code -rt} or
 * {@code +debug} variant is not taken for an update. On FreeBSD the installed kernel is
 * {@code freebsd-version -k}.
 */
final class KernelVersions {

    /** The running and the newest installed release; either is {@code null} when unknown. */
    record Kernels(String running, String newestInstalled) {

        /** Whether a newer kernel than the running one is installed, i.e. a reboot would change kernels. */
        boolean updatePending() {
            return running != null && newestInstalled != null && ORDER.compare(newestInstalled, running) > 0;
        }
    }

    private static final KernelVersionOrder ORDER = new KernelVersionOrder();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> MODULE_DIRS = List.of("/lib/modules", "/usr/lib/modules");

    private final HostFiles files;
    private final CommandRunner commands;

    KernelVersions(HostFiles files, CommandRunner commands) {
        this.files = files;
        this.commands = commands;
    }

    Kernels read() {
        String running = running();
        if (Platform.isFreeBsd(files)) {
            // freebsd-update installs a new kernel in place; freebsd-version -k names the one on disk.
            return new Kernels(running, command("freebsd-version", "-k"));
        }
        return new Kernels(running, newest(installed(), running));
    }

    private String running() {
        String release = files.read("/proc/sys/kernel/osrelease").map(String::strip).orElse("");
        if (!release.isEmpty()) {
            return release;
        }
        return command("uname", "-r");
    }

    private String command(String... command) {
        if (!commands.isAvailable(command[0])) {
            return null;
        }
        try {
            CommandResult result = commands.run(List.of(command), TIMEOUT);
            String output = result.stdout().strip();
            return result.succeeded() && !output.isEmpty() ? output : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Set<String> installed() {
        Set<String> releases = new LinkedHashSet<>();
        for (Path image : files.list("/boot", "vmlinuz-*")) {
            String release = image.getFileName().toString().substring("vmlinuz-".length());
            if (!release.isEmpty() && Character.isDigit(release.charAt(0)) && !release.contains("rescue")) {
                releases.add(release);
            }
        }
        releases.addAll(moduleDirsHolding("vmlinuz"));
        return releases.isEmpty() ? moduleDirsHolding("modules.dep") : releases;
    }

    private Set<String> moduleDirsHolding(String file) {
        Set<String> releases = new LinkedHashSet<>();
        for (String dir : MODULE_DIRS) {
            for (Path module : files.list(dir, "*")) {
                String release = module.getFileName().toString();
                if (files.exists(dir + "/" + release + "/" + file)) {
                    releases.add(release);
                }
            }
        }
        return releases;
    }

    static String newest(Set<String> installed, String running) {
        List<String> candidates = new ArrayList<>(installed);
        if (running != null) {
            String flavour = KernelVersionOrder.flavour(running);
            List<String> sameFlavour = candidates.stream().filter(r -> KernelVersionOrder.flavour(r).equals(flavour)).toList();
            if (!sameFlavour.isEmpty()) {
                candidates = sameFlavour;
            }
        }
        return candidates.stream().max(ORDER).orElse(null);
    }
}
