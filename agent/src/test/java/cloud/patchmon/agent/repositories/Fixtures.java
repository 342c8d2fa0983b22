package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host trees under {@code fixtures/repos/} and small trees written by a test. */
final class Fixtures {

    private Fixtures() {
    }

    /** The fixture tree {@code fixtures/repos/<name>} as a host root. */
    static Path tree(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/repos/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing fixture tree " + name, e);
        }
    }

    static HostFiles host(String name) {
        return new HostFiles(tree(name));
    }

    /** Writes {@code text} to the host path {@code absolute} under {@code root}. */
    static void write(Path root, String absolute, String text) {
        try {
            Path file = root.resolve(absolute.substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
