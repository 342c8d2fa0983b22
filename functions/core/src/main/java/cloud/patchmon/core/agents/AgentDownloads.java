package cloud.patchmon.core.agents;

import cloud.patchmon.core.blobs.BlobStore;
import cloud.patchmon.core.errors.DomainException;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The agent binaries {@code GET /hosts/agent/download} serves, one per OS and architecture,
 * stored in the blob store under {@code agent/patchmon-agent-<os>-<arch>} ({@code .exe} on
 * Windows). The release process (the agent's own work) publishes them there.
 */
public final class AgentDownloads {

    public static final Set<String> OPERATING_SYSTEMS = Set.of("linux", "freebsd", "windows");
    public static final Set<String> ARCHITECTURES = Set.of("amd64", "arm64", "arm", "386");
    /** Long enough for a slow link to start the download, short enough that a leaked URL soon dies. */
    static final Duration LINK_VALIDITY = Duration.ofMinutes(5);

    private final BlobStore blobs;

    public AgentDownloads(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** A binary and the file name it is offered under. */
    public record Artifact(String fileName, BlobStore.Download download) {
    }

    /** The blob key of a platform's binary. */
    public static String key(String os, String arch) {
        return "agent/" + fileName(os, arch);
    }

    /**
     * Publishes the Java agent (the launcher with its jar appended) for every Unix platform: one file
     * runs on every architecture, the JVM being the host's.
     *
     * @return how many blobs were written (those already holding these bytes are left alone)
     */
    public int publishUnixAgent(byte[] agent) {
        int written = 0;
        for (String os : List.of("linux", "freebsd")) {
            for (String arch : ARCHITECTURES) {
                String key = key(os, arch);
                boolean same = blobs.download(key, LINK_VALIDITY)
                        .filter(d -> d instanceof BlobStore.Inline inline && java.util.Arrays.equals(inline.content(), agent)).isPresent();
                if (!same) {
                    blobs.put(key, agent);
                    written++;
                }
            }
        }
        return written;
    }

    /** Publishes the release manifest {@link AgentReleases} reads; written after the binaries it describes. */
    public boolean publishRelease(byte[] manifest) {
        boolean same = blobs.read(AgentReleases.RELEASE_KEY).filter(b -> java.util.Arrays.equals(b, manifest)).isPresent();
        if (!same) {
            blobs.put(AgentReleases.RELEASE_KEY, manifest);
        }
        return !same;
    }

    private static String fileName(String os, String arch) {
        return "patchmon-agent-" + os + "-" + arch + ("windows".equals(os) ? ".exe" : "");
    }

    /**
     * @param os   {@code linux} when absent, as the installer of older servers assumed
     * @param arch {@code amd64} when absent (the spec: auto-detected by the installer, optional here)
     */
    public Artifact find(String os, String arch) {
        String platform = normalise(os, "linux");
        String architecture = normalise(arch, "amd64");
        if (!OPERATING_SYSTEMS.contains(platform)) {
            throw DomainException.badRequest("Unsupported operating system: use linux, freebsd or windows");
        }
        if (!ARCHITECTURES.contains(architecture)) {
            throw DomainException.badRequest("Unsupported architecture: use amd64, arm64, arm or 386");
        }
        return blobs.download(key(platform, architecture), LINK_VALIDITY)
                .map(download -> new Artifact(fileName(platform, architecture), download))
                .orElseThrow(() -> DomainException.notFound("Agent binary not found for " + platform + "/" + architecture));
    }

    private static String normalise(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim().toLowerCase(Locale.ROOT);
    }
}
