package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The package managers' configuration files on the host. Unlike {@link HostFiles#read}, a file that exists
 * but cannot be read is an error: reporting the other files alone would tell the server those repositories
 * were removed.
 */
final class ConfigText {

    private final HostFiles files;

    ConfigText(HostFiles files) {
        this.files = files;
    }

    /**
     * The text of {@code absolute}, or empty when there is no such regular file. Bytes that are not UTF-8
     * (a Latin-1 comment) become U+FFFD instead of failing the whole file.
     *
     * @throws IOException when the file exists but cannot be read
     */
    Optional<String> read(String absolute) throws IOException {
        Path file = files.path(absolute);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /** The host paths of the regular files in {@code absoluteDir} matching {@code glob}, sorted by name. */
    List<String> list(String absoluteDir, String glob) {
        String dir = absoluteDir.endsWith("/") ? absoluteDir : absoluteDir + "/";
        return files.list(absoluteDir, glob).stream()
                .filter(Files::isRegularFile)
                .map(p -> dir + p.getFileName())
                .toList();
    }
}
