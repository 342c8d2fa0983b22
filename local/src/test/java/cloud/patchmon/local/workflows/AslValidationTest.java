package cloud.patchmon.local.workflows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every ASL file in the repository passes asl-validator 4.0.0, which also rejects a broken one. */
class AslValidationTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    static List<Path> aslFiles() throws IOException {
        try (Stream<Path> files = Files.walk(REPO)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".asl.json"))
                    .filter(f -> !f.toString().contains("/node_modules/") && !f.toString().contains("/target/") && !f.toString().contains("/.git/"))
                    .sorted().toList();
        }
    }

    @Test
    void everyAslFileInTheRepositoryIsValid() throws Exception {
        List<Path> files = aslFiles();
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("patch-run.asl.json", "retry-catch.asl.json");

        List<String> args = new ArrayList<>();
        files.forEach(f -> args.add(f.toString()));
        NodeTools.Result result = NodeTools.run("validate.mjs", args);

        assertThat(result.stdout().lines().filter(line -> line.contains("\"valid\":false")).toList()).isEmpty();
        assertThat(result.stdout().lines().count()).isEqualTo(files.size());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }

    @Test
    void theValidatorRejectsADanglingTransition() throws Exception {
        Path broken = Files.createTempFile("broken", ".asl.json");
        try {
            Files.writeString(broken, "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}}}");
            NodeTools.Result result = NodeTools.run("validate.mjs", List.of(broken.toString()));
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stdout()).contains("\"valid\":false");
        } finally {
            Files.deleteIfExists(broken);
        }
    }
}
