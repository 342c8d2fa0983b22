package cloud.patchmon.agent.channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Agent versions whose download failed verification, kept in {@code update-failed-versions} next to the
 * configuration so that neither a repeated Update Now nor a restart retries them in a loop.
 */
public final class FailedUpdates {

    private final Path file;

    public FailedUpdates(Path configDir) {
        this.file = configDir.resolve("update-failed-versions");
    }

    public boolean contains(String version) {
        try {
            return Files.isRegularFile(file) && Files.readAllLines(file, StandardCharsets.UTF_8).contains(version);
        } catch (IOException e) {
            return false;
        }
    }

    public void remember(String version) throws IOException {
        if (!contains(version)) {
            Files.write(file, List.of(version), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
