package cloud.patchmon.protocol;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The committed fixture copy ({@code src/test/resources/compat/canonical_fixtures.json}) must stay
 * byte-identical to the shared one ({@code shared/compat/canonical_fixtures.json}), so a regenerated
 * upstream fixture cannot silently diverge from what {@link CanonicalHashesTest} checks. The shared
 * folder is found through the system property {@code patchmon.shared.dir} (the {@code shared}
 * directory itself) or by walking up from the working directory to an ancestor that has a
 * {@code shared/compat/canonical_fixtures.json}. Where there is none (a checkout without the shared
 * folder) the test is skipped with that reason.
 */
class CanonicalHashesSharedFixtureTest {

    private static final String RELATIVE = "compat/canonical_fixtures.json";

    @Test
    void committedFixtureIsByteIdenticalToTheSharedOne() throws IOException {
        Optional<Path> shared = locateSharedFixture();
        assumeTrue(shared.isPresent(), "shared/" + RELATIVE + " not found (no -Dpatchmon.shared.dir and no ancestor of "
                + Path.of("").toAbsolutePath() + " has one); cannot compare the committed copy");

        byte[] committed;
        try (InputStream in = getClass().getResourceAsStream("/" + RELATIVE)) {
            assertThat(in).as("classpath resource /%s", RELATIVE).isNotNull();
            committed = in.readAllBytes();
        }
        byte[] upstream = Files.readAllBytes(shared.get());
        assertThat(committed)
                .as("src/test/resources/%s differs from %s; copy it over and re-run the hash tests", RELATIVE, shared.get())
                .isEqualTo(upstream);
    }

    private static Optional<Path> locateSharedFixture() {
        String property = System.getProperty("patchmon.shared.dir");
        if (property != null && !property.isBlank()) {
            Path candidate = Path.of(property).resolve(RELATIVE);
            return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
