package cloud.patchmon.agent.reporting;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of the latest reporting cycle, kept in {@code last-report.json} next to the configuration
 * so {@code patchmon-agent diagnostics} can say when the host last reported and whether it worked.
 *
 * @param at    ISO-8601 instant the cycle ended
 * @param sent  {@code full}, {@code partial}, {@code none} (nothing stale) or {@code failed}
 * @param error why the cycle failed; {@code null} when it worked
 */
public record LastReport(String at, String sent, Set<String> sections, int packages, int updates, int securityUpdates,
                         long executionMs, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path file(Path configDir) {
        return configDir.resolve("last-report.json");
    }

    public void save(Path configDir) throws IOException {
        Path target = file(configDir);
        Path tmp = Files.createTempFile(configDir, ".last-report", ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static Optional<LastReport> load(Path configDir) {
        Path file = file(configDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), LastReport.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
