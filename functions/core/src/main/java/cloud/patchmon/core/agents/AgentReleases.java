package cloud.patchmon.core.agents;

import cloud.patchmon.core.blobs.BlobStore;
import cloud.patchmon.core.errors.DomainException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /hosts/agent/version}: which agent the server offers a host. The release process publishes, beside the
 * binaries, {@code agent/release.json} ({@code {"type": "java", "version", "sha256"}}) describing the Java agent's
 * one Unix file. Our agent asks with {@code type=java}; upstream agents (Go binaries, other types) are offered nothing,
 * because this server publishes no Go binaries: they are told they are up to date.
 */
public final class AgentReleases {

    public static final String RELEASE_KEY = "agent/release.json";
    public static final String JAVA = "java";
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * The answer, in upstream's camelCase field names. {@code hash} is the SHA-256 of the file at {@code downloadUrl}.
     * Whether the host may take it on its own schedule ({@code autoUpdateDisabled}) is the Agent Updates settings'
     * say, not the release's.
     */
    public record Offer(String currentVersion, String latestVersion, boolean hasUpdate,
                        String downloadUrl, String hash, String agentType) {
    }

    private record Release(String version, String sha256) {
    }

    private final BlobStore blobs;
    private final ObjectMapper json;

    public AgentReleases(BlobStore blobs, ObjectMapper json) {
        this.blobs = blobs;
        this.json = json;
    }

    /**
     * @throws DomainException 400 for an unsupported platform or a malformed type or version
     */
    public Offer offer(String os, String arch, String type, String currentVersion) {
        String platform = normalise(os, "linux");
        String architecture = normalise(arch, "amd64");
        if (!AgentDownloads.OPERATING_SYSTEMS.contains(platform)) {
            throw DomainException.badRequest("Unsupported operating system: use linux, freebsd or windows");
        }
        if (!AgentDownloads.ARCHITECTURES.contains(architecture)) {
            throw DomainException.badRequest("Unsupported architecture: use amd64, arm64, arm or 386");
        }
        String agentType = normalise(type, "go");
        if (!TYPE.matcher(agentType).matches()) {
            throw DomainException.invalid("type", "Invalid agent type");
        }
        String current = currentVersion == null || currentVersion.isBlank() ? null : currentVersion.trim();
        if (current != null && !VERSION.matcher(current).matches()) {
            throw DomainException.invalid("currentVersion", "Invalid version");
        }
        Optional<Release> release = JAVA.equals(agentType) && !"windows".equals(platform) ? release() : Optional.empty();
        if (release.isEmpty()) {
            return new Offer(current, current, false, null, null, agentType);
        }
        String latest = release.get().version();
        return new Offer(current, latest, !latest.equals(current),
                "/api/v1/hosts/agent/download?os=" + platform + "&arch=" + architecture, release.get().sha256(), agentType);
    }

    /** A manifest that is missing, unreadable or malformed offers nothing rather than a wrong file. */
    private Optional<Release> release() {
        return blobs.read(RELEASE_KEY).flatMap(bytes -> {
            try {
                JsonNode node = json.readTree(bytes);
                String version = node.path("version").asText("");
                String sha = node.path("sha256").asText("").toLowerCase(Locale.ROOT);
                return JAVA.equals(node.path("type").asText()) && VERSION.matcher(version).matches() && SHA256.matcher(sha).matches()
                        ? Optional.of(new Release(version, sha)) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private static String normalise(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim().toLowerCase(Locale.ROOT);
    }
}
