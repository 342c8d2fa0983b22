package cloud.patchmon.e2e.harness;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a browser scenario of {@code tests/browser/specs} (node:test + playwright-core driving
 * Debian's Chromium) against the stack under test and reports its outcome.
 */
public final class BrowserSpecs {

    private static final long TIMEOUT_MINUTES = 5;

    private final Path browserDir;
    private final Path logDir;
    private final URI baseUrl;

    BrowserSpecs(Path browserDir, Path logDir, URI baseUrl) {
        this.browserDir = browserDir;
        this.logDir = logDir;
        this.baseUrl = baseUrl;
    }

    static BrowserSpecs fromSystemProperties(URI baseUrl) {
        return new BrowserSpecs(Path.of(System.getProperty("patchmon.browser.dir", "browser")),
                Path.of(System.getProperty("patchmon.e2e.logs", "target/e2e-logs")), baseUrl);
    }

    public Result run(String spec) throws IOException, InterruptedException {
        Path specFile = browserDir.resolve("specs").resolve(spec);
        if (!Files.isRegularFile(specFile)) {
            throw new IllegalArgumentException("no browser spec " + specFile);
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve("browser-" + spec + ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=tap", specFile.toString())
                .directory(browserDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PATCHMON_URL", baseUrl.toString());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("browser spec " + spec + " did not finish within " + TIMEOUT_MINUTES + " minutes; see " + log);
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** @param output the node:test TAP report */
    public record Result(int exitCode, String output) {
        public int passed() {
            return count("# pass ");
        }

        public int failed() {
            return count("# fail ");
        }

        private int count(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).mapToInt(l -> Integer.parseInt(l.substring(prefix.length()).trim()))
                    .findFirst().orElse(-1);
        }
    }
}
