package cloud.patchmon.agent.patching;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@link ProcessLauncher} whose commands follow scripts: print and exit, or print and run until a signal ends
 * them. An unscripted command fails the test, so a plan cannot run something nobody expected.
 */
final class ScriptedLauncher implements ProcessLauncher {

    /** What one command does. */
    record Script(String stdout, String stderr, int exitCode, Function<ChildProcess.Signal, Integer> onSignal) {

        static Script prints(String stdout, int exitCode) {
            return new Script(stdout, "", exitCode, null);
        }

        static Script prints(String stdout, String stderr, int exitCode) {
            return new Script(stdout, stderr, exitCode, null);
        }

        /** Prints {@code stdout}, then runs until {@code onSignal} answers an exit code for a signal it got. */
        static Script runsUntil(String stdout, Function<ChildProcess.Signal, Integer> onSignal) {
            return new Script(stdout, "", -1, onSignal);
        }
    }

    private final Map<String, Script> scripts = new HashMap<>();
    private final List<String> started = new ArrayList<>();
    private final List<Map<String, String>> environments = new ArrayList<>();
    private final List<ChildProcess.Signal> signals = new ArrayList<>();

    ScriptedLauncher script(String command, Script script) {
        scripts.put(command, script);
        return this;
    }

    synchronized List<String> started() {
        return List.copyOf(started);
    }

    synchronized List<Map<String, String>> environments() {
        return List.copyOf(environments);
    }

    synchronized List<ChildProcess.Signal> signals() {
        return List.copyOf(signals);
    }

    @Override
    public synchronized ChildProcess start(List<String> command, Map<String, String> environment) throws IOException {
        String line = String.join(" ", command);
        Script script = scripts.get(line);
        if (script == null) {
            throw new AssertionError("unexpected command: " + line + " (scripted: " + scripts.keySet() + ")");
        }
        started.add(line);
        environments.add(Map.copyOf(environment));
        return new Child(script);
    }

    private final class Child implements ChildProcess {
        private final Script script;
        private final CountDownLatch exited = new CountDownLatch(1);
        private volatile int exitCode;

        Child(Script script) {
            this.script = script;
            if (script.onSignal() == null) {
                exitCode = script.exitCode();
                exited.countDown();
            }
        }

        @Override
        public InputStream stdout() {
            return script.onSignal() == null ? bytes(script.stdout()) : new OpenUntilExit(script.stdout());
        }

        @Override
        public InputStream stderr() {
            return bytes(script.stderr());
        }

        @Override
        public boolean waitFor(Duration timeout) throws InterruptedException {
            return exited.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int exitCode() {
            return exitCode;
        }

        @Override
        public void signal(Signal signal) {
            synchronized (ScriptedLauncher.this) {
                signals.add(signal);
            }
            Integer code = script.onSignal() == null ? null : script.onSignal().apply(signal);
            if (code != null && exited.getCount() > 0) {
                exitCode = code;
                exited.countDown();
            }
        }

        /** Prints its text, then blocks like a live pipe until the process exits. */
        private final class OpenUntilExit extends InputStream {
            private final ByteArrayInputStream text;

            OpenUntilExit(String text) {
                this.text = bytes(text);
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (text.available() > 0) {
                    return text.read(buffer, offset, length);
                }
                try {
                    exited.await();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                return -1;
            }
        }
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
