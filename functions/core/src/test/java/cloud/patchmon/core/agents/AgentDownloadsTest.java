package cloud.patchmon.core.agents;

import cloud.patchmon.core.blobs.BlobStore;
import cloud.patchmon.core.blobs.LocalBlobStore;
import cloud.patchmon.core.errors.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentDownloadsTest {

    @TempDir
    Path root;

    @Test
    void findsThePlatformsBinaryDefaultingToLinuxAmd64() {
        LocalBlobStore blobs = new LocalBlobStore(root);
        blobs.put(AgentDownloads.key("linux", "amd64"), "linux-amd64".getBytes(StandardCharsets.UTF_8));
        blobs.put(AgentDownloads.key("windows", "arm64"), "windows-arm64".getBytes(StandardCharsets.UTF_8));
        AgentDownloads downloads = new AgentDownloads(blobs);

        AgentDownloads.Artifact linux = downloads.find(null, " ");
        assertThat(linux.fileName()).isEqualTo("patchmon-agent-linux-amd64");
        assertThat(new String(((BlobStore.Inline) linux.download()).content(), StandardCharsets.UTF_8)).isEqualTo("linux-amd64");
        assertThat(downloads.find("Windows", "ARM64").fileName()).isEqualTo("patchmon-agent-windows-arm64.exe");
    }

    @Test
    void refusesUnknownPlatformsAndReportsMissingBinaries() {
        AgentDownloads downloads = new AgentDownloads(new LocalBlobStore(root));
        assertThatThrownBy(() -> downloads.find("linux", "../../secrets")).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.BAD_REQUEST));
        assertThatThrownBy(() -> downloads.find("plan9", "amd64")).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.BAD_REQUEST));
        assertThatThrownBy(() -> downloads.find("freebsd", "arm64")).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(DomainException.Kind.NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("Agent binary not found for freebsd/arm64");
        });
    }
}
