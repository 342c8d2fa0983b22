package cloud.patchmon.agent.patching;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/** A running package-manager command: its two output streams, its exit, and the signals a stop sends it. */
interface ChildProcess {

    enum Signal { INT, TERM, KILL }

    InputStream stdout();

    InputStream stderr();

    /** @return whether it exited within {@code timeout} */
    boolean waitFor(Duration timeout) throws InterruptedException;

    /** The exit status, once {@link #waitFor} has answered {@code true}. */
    int exitCode();

    /** Signals the command and everything it started (its process group). */
    void signal(Signal signal) throws IOException;
}
