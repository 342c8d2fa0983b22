package cloud.patchmon.api.config;

import cloud.patchmon.core.agents.AgentDownloads;
import cloud.patchmon.core.agents.AgentReleases;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.blobs.BlobStore;
import cloud.patchmon.core.blobs.LocalBlobStore;
import cloud.patchmon.core.blobs.S3BlobStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The blob store: the S3 bucket named by {@code patchmon.blobs.bucket} (set by the CDK app), else
 * the directory {@code patchmon.blobs.dir} (the local stack's data dir).
 */
@Configuration(proxyBeanMethods = false)
public class BlobsConfiguration {

    @Bean
    public BlobStore blobStore(@Value("${patchmon.blobs.bucket:}") String bucket,
                               @Value("${patchmon.blobs.dir}") String dir,
                               @Value("${patchmon.blobs.endpoint:}") String endpoint,
                               @Value("${patchmon.storage.region}") String region) {
        if (!bucket.isBlank()) {
            return S3BlobStore.create(bucket, region, endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint)), System.getenv());
        }
        return new LocalBlobStore(Path.of(dir));
    }

    @Bean
    public AgentDownloads agentDownloads(BlobStore blobs) {
        return new AgentDownloads(blobs);
    }

    @Bean
    public AgentReleases agentReleases(BlobStore blobs) {
        return new AgentReleases(blobs, Json.newMapper());
    }
}
