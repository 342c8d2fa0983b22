package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.host.CommandRunner;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts commands as child processes, each in a session of its own where {@code setsid} exists (Linux), so a stop
 * reaches the package manager and everything it started — dpkg, maintainer scripts, rpm scriptlets — with one
 * {@code kill -s SIG -- -pgid}, and never the agent. Without setsid (FreeBSD) the process and its descendants are
 * signalled one by one.
 */
final class SystemProcessLauncher implements ProcessLauncher {

    private final String path;
    private final boolean setsid;

    /** @param runner tells whether {@code setsid} is installed */
    SystemProcessLauncher(String path, CommandRunner runner) {
        this.path = path;
        this.setsid = runner.isAvailable("setsid");
    }

    @Override
    public ChildProcess start(List<String> command, Map<String, String> environment) throws IOException {
        List<String> argv = new ArrayList<>();
        if (setsid) {
            // Not a group leader when the JVM starts it, so setsid(1) calls setsid() and execs without forking: the
            // pid we hold is the session's and its process group's id.
            argv.add(resolve("setsid"));
        }
        argv.add(resolve(command.get(0)));
        argv.addAll(command.subList(1, command.size()));
        ProcessBuilder builder = new ProcessBuilder(argv);
        Map<String, String> env = builder.environment();
        // LC_ALL would override LC_MESSAGES=C.
        env.remove("LC_ALL");
        env.put("PATH", path);
        env.putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        return new Child(process, setsid);
    }

    /**
     * The program's absolute path on the agent's PATH (with the sbin directories): the JDK looks a bare name up on
     * the JVM's own PATH, which under a service manager may lack /usr/sbin, where freebsd-update and pkg live.
     */
    private String resolve(String program) {
        if (program.contains("/")) {
            return program;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        return program;
    }

    private record Child(Process process, boolean ownGroup) implements ChildProcess {

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return process.getErrorStream();
        }

        @Override
        public boolean waitFor(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int exitCode() {
            return process.exitValue();
        }

        @Override
        public void signal(Signal signal) throws IOException {
            if (!process.isAlive()) {
                return;
            }
            String name = signal.name().toUpperCase(Locale.ROOT);
            List<String> kill = new ArrayList<>(List.of("kill", "-s", name, "--"));
            if (ownGroup) {
                kill.add("-" + process.pid());
            } else {
                kill.add(Long.toString(process.pid()));
                process.descendants().forEach(child -> kill.add(Long.toString(child.pid())));
            }
            Process killer = new ProcessBuilder(kill).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                if (!killer.waitFor(10, TimeUnit.SECONDS)) {
                    killer.destroyForcibly();
                    throw new IOException("kill -s " + name + " did not finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while signalling", e);
            }
            if (killer.exitValue() != 0 && process.isAlive() && signal == Signal.KILL) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
