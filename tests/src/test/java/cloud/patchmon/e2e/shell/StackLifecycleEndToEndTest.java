package cloud.patchmon.e2e.shell;

import cloud.patchmon.e2e.harness.ApiClient;
import cloud.patchmon.e2e.harness.LocalStackProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** ./patchmon up's life cycle: a clean stop on SIGTERM/Ctrl-C, and a restart on the same data. */
class StackLifecycleEndToEndTest {

    @Test
    void stopsCleanlyAndRestartsOnItsData() throws Exception {
        try (LocalStackProcess stack = LocalStackProcess.start()) {
            Path database = stack.dataDir().resolve("dynamodb").resolve("shared-local-instance.db");
            assertThat(database).isRegularFile();
            long sizeBefore = Files.size(database);

            stack.restart();

            assertThat(stack.lastExitCode()).as("the JVM's answer to SIGTERM after a clean shutdown").isEqualTo(143);
            assertThat(new ApiClient(stack.baseUrl()).get("/api/v1/health").status()).isEqualTo(200);
            assertThat(database).isRegularFile();
            assertThat(Files.size(database)).isGreaterThanOrEqualTo(sizeBefore);
        }
    }
}
