package cloud.patchmon.agent.patching;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Starts package-manager commands; the port the executor is tested through. */
@FunctionalInterface
interface ProcessLauncher {

    /**
     * Starts {@code command} (no shell) with stdin from /dev/null and {@code environment} on top of the agent's own.
     *
     * @throws IOException when it cannot be started (the program is missing, say)
     */
    ChildProcess start(List<String> command, Map<String, String> environment) throws IOException;
}
