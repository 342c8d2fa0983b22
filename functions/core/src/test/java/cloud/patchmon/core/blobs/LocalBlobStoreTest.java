package cloud.patchmon.core.blobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalBlobStoreTest {

    @TempDir
    Path root;

    private static String text(BlobStore.Download download) {
        return new String(((BlobStore.Inline) download).content(), StandardCharsets.UTF_8);
    }

    @Test
    void storesAndReplacesObjectsUnderTheRoot() {
        LocalBlobStore store = new LocalBlobStore(root);
        assertThat(store.download("agent/patchmon-agent-linux-amd64", Duration.ofMinutes(5))).isEmpty();

        store.put("agent/patchmon-agent-linux-amd64", "v1".getBytes(StandardCharsets.UTF_8));
        store.put("agent/patchmon-agent-linux-amd64", "v2".getBytes(StandardCharsets.UTF_8));

        assertThat(store.download("agent/patchmon-agent-linux-amd64", Duration.ofMinutes(5))).get().satisfies(d -> assertThat(text(d)).isEqualTo("v2"));
        assertThat(root.resolve("agent/patchmon-agent-linux-amd64")).hasContent("v2");
        try (var files = Files.list(root.resolve("agent"))) {
            assertThat(files).as("no partial uploads left behind").hasSize(1);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesKeysThatCouldLeaveTheRoot() {
        LocalBlobStore store = new LocalBlobStore(root);
        for (String key : new String[]{"../secrets/jwt-secret", "agent/../../x", "/etc/passwd", "Agent/X", "agent//x", "agent/", "", "a b"}) {
            assertThatThrownBy(() -> store.download(key, Duration.ofMinutes(1))).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.put(key, new byte[1])).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
