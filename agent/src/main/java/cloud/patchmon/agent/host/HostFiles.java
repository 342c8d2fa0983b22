package cloud.patchmon.agent.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only access to the host's files (/etc/os-release, /proc, /sys, sources.list …) under a root,
 * so collectors read a recorded host tree in tests and {@code /} on a real host.
 */
public final class HostFiles {

    private final Path root;

    public HostFiles(Path root) {
        this.root = root;
    }

    /** The real host. */
    public static HostFiles system() {
        return new HostFiles(Path.of("/"));
    }

    /** The path of {@code absolute} (such as {@code /etc/os-release}) under this root. */
    public Path path(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    public boolean exists(String absolute) {
        return Files.exists(path(absolute));
    }

    /** The file's text, or empty when it does not exist or cannot be read (e.g. /sys attributes of a down link). */
    public Optional<String> read(String absolute) {
        Path file = path(absolute);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The file's lines, or none when it does not exist. */
    public List<String> lines(String absolute) {
        return read(absolute).map(text -> text.lines().toList()).orElse(List.of());
    }

    /** The entries of a directory matching {@code glob}, sorted by name; none when it does not exist. */
    public List<Path> list(String absoluteDir, String glob) {
        Path dir = path(absoluteDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            return List.of();
        }
        entries.sort(null);
        return entries;
    }
}
