package cloud.patchmon.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One entry of {@code packages[]} in the agent's {@code POST /hosts/update} body (camelCase, as the
 * agent's {@code models.Package} marshals it). The agent omits empty strings, {@code false}-less
 * optionals, an empty {@code wuaCategories} and a zero {@code wuaRevisionNumber}; a missing string
 * arrives here as {@code null} and is hashed as {@code ""} (see {@link CanonicalHashes#packages}).
 *
 * @param wuaCategories Windows Update categories; {@code null} and empty are equivalent for hashing
 * @param wuaRevisionNumber Go {@code int32}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PackageEntry(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("category") String category,
        @JsonProperty("currentVersion") String currentVersion,
        @JsonProperty("availableVersion") String availableVersion,
        @JsonProperty("needsUpdate") boolean needsUpdate,
        @JsonProperty("isSecurityUpdate") boolean isSecurityUpdate,
        @JsonProperty("sourceRepository") String sourceRepository,
        @JsonProperty("wuaGuid") String wuaGuid,
        @JsonProperty("wuaKb") String wuaKb,
        @JsonProperty("wuaSeverity") String wuaSeverity,
        @JsonProperty("wuaCategories") List<String> wuaCategories,
        @JsonProperty("wuaSupportUrl") String wuaSupportUrl,
        @JsonProperty("wuaRevisionNumber") int wuaRevisionNumber) {

    /** A non-Windows package: every {@code wua*} field empty. */
    public static PackageEntry of(String name, String description, String category, String currentVersion,
                                  String availableVersion, boolean needsUpdate, boolean isSecurityUpdate,
                                  String sourceRepository) {
        return new PackageEntry(name, description, category, currentVersion, availableVersion, needsUpdate,
                isSecurityUpdate, sourceRepository, "", "", "", null, "", 0);
    }
}
