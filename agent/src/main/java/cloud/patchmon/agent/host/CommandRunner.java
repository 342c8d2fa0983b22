package cloud.patchmon.agent.host;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs the host's tools (dpkg-query, dnf, ip, …). The port the collectors use, so their parsers
 * are tested against recorded outputs of the real tools and the real tools are used on the host.
 */
public interface CommandRunner {

    /** The default limit for one collection command; a hung package manager must not stall reporting. */
    Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Runs {@code command} (no shell) with {@code LC_ALL=C} and waits at most {@code timeout}.
     *
     * @throws IOException when the program cannot be started or does not finish in time
     */
    CommandResult run(List<String> command, Duration timeout) throws IOException;

    default CommandResult run(String... command) throws IOException {
        return run(List.of(command), DEFAULT_TIMEOUT);
    }

    /** Whether {@code program} is an executable on the PATH. */
    boolean isAvailable(String program);
}
