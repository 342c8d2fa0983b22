package cloud.patchmon.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The hashed part of the agent's {@code POST /integrations/docker} body (snake_case, the agent's
 * {@code models.DockerData}). Only the fields that take part in the docker hash are modelled; the
 * volatile rest (ports, labels, timestamps, restart and reference counts, daemon_info, …) is ignored
 * here so it cannot force re-uploads.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerInventory(
        @JsonProperty("containers") List<Container> containers,
        @JsonProperty("images") List<Image> images,
        @JsonProperty("volumes") List<Volume> volumes,
        @JsonProperty("networks") List<Network> networks,
        @JsonProperty("updates") List<ImageUpdate> updates) {

    /**
     * One container.
     *
     * @param status e.g. "running"
     * @param state e.g. "Up 2 hours"
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Container(
            @JsonProperty("container_id") String containerId,
            @JsonProperty("name") String name,
            @JsonProperty("image_repository") String imageRepository,
            @JsonProperty("image_tag") String imageTag,
            @JsonProperty("image_id") String imageId,
            @JsonProperty("status") String status,
            @JsonProperty("state") String state) {
    }

    /**
     * One image.
     *
     * @param sizeBytes Go {@code int64}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(
            @JsonProperty("repository") String repository,
            @JsonProperty("tag") String tag,
            @JsonProperty("image_id") String imageId,
            @JsonProperty("digest") String digest,
            @JsonProperty("size_bytes") long sizeBytes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Volume(
            @JsonProperty("volume_id") String volumeId,
            @JsonProperty("name") String name,
            @JsonProperty("driver") String driver,
            @JsonProperty("scope") String scope) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Network(
            @JsonProperty("network_id") String networkId,
            @JsonProperty("name") String name,
            @JsonProperty("driver") String driver,
            @JsonProperty("scope") String scope) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImageUpdate(
            @JsonProperty("repository") String repository,
            @JsonProperty("current_tag") String currentTag,
            @JsonProperty("available_tag") String availableTag,
            @JsonProperty("current_digest") String currentDigest,
            @JsonProperty("available_digest") String availableDigest,
            @JsonProperty("image_id") String imageId) {
    }
}
