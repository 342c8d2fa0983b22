package cloud.patchmon.api.agents;

import cloud.patchmon.api.security.AgentEndpoint;
import cloud.patchmon.core.agents.AgentDownloads;
import cloud.patchmon.core.blobs.BlobStore;
import cloud.patchmon.core.hosts.AgentAuthenticator.AuthenticatedHost;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /hosts/agent/download}: the agent binary for the host's platform, for the installers and updates. */
@RestController
public class AgentDownloadController {

    private final AgentDownloads downloads;

    public AgentDownloadController(AgentDownloads downloads) {
        this.downloads = downloads;
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
