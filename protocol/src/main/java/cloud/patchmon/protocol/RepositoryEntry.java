package cloud.patchmon.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code repositories[]} in the agent's {@code POST /hosts/update} body (camelCase, the
 * agent's {@code models.Repository}). Its natural key is (url, distribution, components), not the name.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RepositoryEntry(
        @JsonProperty("name") String name,
        @JsonProperty("url") String url,
        @JsonProperty("distribution") String distribution,
        @JsonProperty("components") String components,
        @JsonProperty("repoType") String repoType,
        @JsonProperty("isEnabled") boolean isEnabled,
        @JsonProperty("isSecure") boolean isSecure) {
}
