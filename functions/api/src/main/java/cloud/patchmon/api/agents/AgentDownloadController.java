package cloud.patchmon.api.agents;

import cloud.patchmon.api.security.AgentEndpoint;
import cloud.patchmon.core.agents.AgentDownloads;
import cloud.patchmon.core.agents.AgentReleases;
import cloud.patchmon.core.blobs.BlobStore;
import cloud.patchmon.core.hosts.AgentAuthenticator.AuthenticatedHost;
import cloud.patchmon.core.realtime.AgentSettings;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/** {@code GET /hosts/agent/download}: the agent binary for the host's platform, for the installers and updates. */
@RestController
public class AgentDownloadController {

    private final AgentDownloads downloads;
    private final AgentReleases releases;
    private final AgentSettings settings;

    public AgentDownloadController(AgentDownloads downloads, AgentReleases releases, AgentSettings settings) {
        this.downloads = downloads;
        this.releases = releases;
        this.settings = settings;
    }

    /**
     * Update Now's question (AGENT-PROTOCOL.md): {@code type=java} is our agent, offered the published release with its
     * SHA-256; other types (upstream's Go agent) are told they are up to date, as no Go binaries are published here.
     * {@code autoUpdateDisabled} (with upstream's {@code autoUpdateDisabledReason}) is true while Settings → Agent
     * Updates' switch or the host's own is off: agents then update only when told to (Update Now).
     */
    @GetMapping("/api/v1/hosts/agent/version")
    @AgentEndpoint
    public VersionView version(AuthenticatedHost host, @RequestParam(required = false) String os,
                               @RequestParam(required = false) String arch, @RequestParam(required = false) String type,
                               @RequestParam(required = false) String currentVersion) {
        AgentReleases.Offer o = releases.offer(os, arch, type, currentVersion);
        Optional<String> disabled = settings.autoUpdateDisabled(host.context(), host.host().id());
        return new VersionView(o.currentVersion(), o.latestVersion(), o.hasUpdate(), disabled.isPresent(), disabled.orElse(""),
                o.downloadUrl(), o.hash(), o.agentType());
    }

    /** camelCase on the wire, as upstream agents read it. */
    public record VersionView(@JsonProperty("currentVersion") String currentVersion, @JsonProperty("latestVersion") String latestVersion,
                              @JsonProperty("hasUpdate") boolean hasUpdate, @JsonProperty("autoUpdateDisabled") boolean autoUpdateDisabled,
                              @JsonProperty("autoUpdateDisabledReason") String autoUpdateDisabledReason,
                              @JsonProperty("downloadUrl") String downloadUrl, @JsonProperty("hash") String hash,
                              @JsonProperty("agentType") String agentType) {
    }

    /**
     * The bytes (local stack) or a redirect to a five-minute S3 link (AWS). {@code force=binary}
     * is accepted for upstream agents; there is no legacy script to choose instead.
     */
    @GetMapping("/api/v1/hosts/agent/download")
    @AgentEndpoint
    public ResponseEntity<byte[]> download(AuthenticatedHost host,
                                           @RequestParam(required = false) String os,
                                           @RequestParam(required = false) String arch,
                                           @RequestParam(required = false) String force) {
        AgentDownloads.Artifact artifact = downloads.find(os, arch);
        if (artifact.download() instanceof BlobStore.Redirect redirect) {
            return ResponseEntity.status(HttpStatus.FOUND).location(redirect.url()).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        byte[] content = ((BlobStore.Inline) artifact.download()).content();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(artifact.fileName()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(content);
    }
}
