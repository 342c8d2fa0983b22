package cloud.patchmon.agent.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands as child processes of the agent. */
public final class ProcessCommandRunner implements CommandRunner {

    private final String path;

    /** Uses the agent's own PATH plus the sbin directories that service managers often leave out. */
    public ProcessCommandRunner() {
        this(defaultPath());
    }

    /** The agent's PATH plus the sbin directories that service managers often leave out. */
    public static String defaultPath() {
        return withSbin(System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    public ProcessCommandRunner(String path) {
        this.path = path;
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", path);
        // Parsers expect the tools' untranslated output.
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new CommandResult(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    @Override
    public boolean isAvailable(String program) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withSbin(String path) {
        StringBuilder result = new StringBuilder(path);
        for (String dir : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (!(File.pathSeparator + path + File.pathSeparator).contains(File.pathSeparator + dir + File.pathSeparator)) {
                result.append(File.pathSeparator).append(dir);
            }
        }
        return result.toString();
    }
}
