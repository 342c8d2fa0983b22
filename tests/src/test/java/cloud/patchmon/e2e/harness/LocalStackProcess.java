package cloud.patchmon.e2e.harness;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real local stack, exactly as {@code ./patchmon up} runs it: the executable jar in its own
 * JVM, on a free port, with a temporary data directory. Its output goes to a log file under
 * {@code target/e2e-logs} for diagnosis.
 */
public final class LocalStackProcess implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final Path jar;
    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;
    private int lastExitCode = -1;

    private LocalStackProcess(Path jar, Path dataDir, Path logDir, int port) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.port = port;
    }

    /** Starts a stack with a fresh data directory. */
    public static LocalStackProcess start() throws IOException {
        Path jar = Path.of(System.getProperty("patchmon.local.jar", "../local/target/patchmon-local-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the local stack is not built: " + jar.toAbsolutePath() + " (run ./patchmon build)");
        }
        Path logDir = Files.createDirectories(Path.of(System.getProperty("patchmon.e2e.logs", "target/e2e-logs")));
        LocalStackProcess stack = new LocalStackProcess(jar, Files.createTempDirectory("patchmon-e2e-"), logDir, freePort());
        stack.launch();
        return stack;
    }

    /** The JVM-wide stack shared by all end-to-end tests, stopped when the test JVM's root context closes. */
    public static LocalStackProcess shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(LocalStackProcess.class, k -> {
            try {
                return start();
            } catch (IOException e) {
                throw new IllegalStateException("the local stack did not start", e);
            }
        }, LocalStackProcess.class);
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + port);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the stack as Ctrl-C would and starts it again on the same data directory and port. */
    public void restart() throws IOException {
        stop();
        launch();
    }

    private void launch() throws IOException {
        starts++;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("local-stack-" + port + "-" + starts + ".log").toFile());
        builder.environment().put("PATCHMON_PORT", Integer.toString(port));
        builder.environment().put("PATCHMON_DATA_DIR", dataDir.toString());
        builder.environment().put("DDB_LOCAL_TELEMETRY", "0");
        // POST /_local/ws/drop: the emulator's hook that cuts an agent's connection.
        builder.environment().put("PATCHMON_LOCAL_TEST_HOOKS", "true");
        // Every browser spec signs in from 127.0.0.1 against one shared stack; the API tests cover the limit itself.
        builder.environment().put("PATCHMON_AUTH_RATE_LIMIT", "2000");
        builder.environment().put("PATCHMON_AUTH_ROUTES_RATE_LIMIT", "100000");
        builder.environment().put("PATCHMON_RATE_LIMIT", "100000");
        process = builder.start();
        Deadline.await(STARTUP, "the local stack to answer /api/v1/health on port " + port, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the local stack exited with " + process.exitValue() + "; see " + logDir);
            }
            return healthy();
        });
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(baseUrl().resolve("/api/v1/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the local stack did not stop within 30 s of SIGTERM");
            }
            lastExitCode = process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Exit code of the last stop; 143 is the JVM's normal answer to SIGTERM. */
    public int lastExitCode() {
        return lastExitCode;
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
