package cloud.patchmon.core.agents;

import cloud.patchmon.core.blobs.LocalBlobStore;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What GET /hosts/agent/version offers, read from the published release manifest (local blob store). */
class AgentReleasesTest {

    private static final String SHA = "a".repeat(64);

    @TempDir
    Path root;
    private LocalBlobStore blobs;
    private AgentReleases releases;

    @BeforeEach
    void setUp() {
        blobs = new LocalBlobStore(root);
        releases = new AgentReleases(blobs, Json.newMapper());
    }

    private void publish(String manifest) {
        new AgentDownloads(blobs).publishRelease(manifest.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theJavaAgentIsOfferedThePublishedVersionWithItsHashAndDownload() {
        publish("{\"type\":\"java\",\"version\":\"0.2.0\",\"sha256\":\"" + SHA + "\"}");
        AgentReleases.Offer offer = releases.offer("linux", "arm64", "java", "0.1.0");
        assertThat(offer.hasUpdate()).isTrue();
        assertThat(offer.latestVersion()).isEqualTo("0.2.0");
        assertThat(offer.hash()).isEqualTo(SHA);
        assertThat(offer.downloadUrl()).isEqualTo("/api/v1/hosts/agent/download?os=linux&arch=arm64");

        assertThat(releases.offer("freebsd", "amd64", "java", "0.2.0").hasUpdate()).as("already running it").isFalse();
    }

    @Test
    void upstreamAgentsWindowsAndAMissingOrBrokenManifestAreOfferedNothing() {
        assertThat(releases.offer("linux", "amd64", "java", "0.1.0").hasUpdate()).as("nothing published").isFalse();
        publish("{\"type\":\"java\",\"version\":\"0.2.0\",\"sha256\":\"" + SHA + "\"}");
        AgentReleases.Offer upstream = releases.offer("linux", "amd64", null, "2.1.0");
        assertThat(upstream.hasUpdate()).isFalse();
        assertThat(upstream.latestVersion()).isEqualTo("2.1.0");
        assertThat(upstream.downloadUrl()).isNull();
        assertThat(releases.offer("windows", "amd64", "java", "0.1.0").hasUpdate()).isFalse();

        publish("{\"type\":\"java\",\"version\":\"0.3.0\",\"sha256\":\"not-a-hash\"}");
        assertThat(releases.offer("linux", "amd64", "java", "0.1.0").hasUpdate()).isFalse();
        publish("not json");
        assertThat(releases.offer("linux", "amd64", "java", "0.1.0").hasUpdate()).isFalse();
    }

    @Test
    void malformedQuestionsAre400s() {
        assertThatThrownBy(() -> releases.offer("plan9", "amd64", "java", "1")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> releases.offer("linux", "sparc", "java", "1")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> releases.offer("linux", "amd64", "j a v a", "1")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> releases.offer("linux", "amd64", "java", "1.0; rm -rf /")).isInstanceOf(DomainException.class);
    }
}
