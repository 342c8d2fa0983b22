package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The kernel's machine hardware name ({@code uname -m}: {@code x86_64}, {@code aarch64}, {@code armv7l},
 * FreeBSD's {@code amd64}). The kernel's, not the JVM's: a 32-bit JVM can run on a 64-bit kernel.
 */
final class Architecture {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HostFiles files;
    private final CommandRunner commands;

    Architecture(HostFiles files, CommandRunner commands) {
        this.files = files;
        this.commands = commands;
    }

    /** {@code /proc/sys/kernel/arch} (recent kernels), else {@code uname -m}; {@code null} when neither answers. */
    String read() {
        String arch = files.read("/proc/sys/kernel/arch").map(String::strip).orElse("");
        if (!arch.isEmpty()) {
            return arch;
        }
        if (!commands.isAvailable("uname")) {
            return null;
        }
        try {
            CommandResult result = commands.run(List.of("uname", "-m"), TIMEOUT);
            String machine = result.stdout().strip();
            return result.succeeded() && !machine.isEmpty() ? machine : null;
        } catch (IOException e) {
            return null;
        }
    }
}
