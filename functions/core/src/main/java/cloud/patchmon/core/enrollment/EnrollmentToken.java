package cloud.patchmon.core.enrollment;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An auto-enrollment token (chapters 29 and 30): a key that names it, the SHA-256 of its secret,
 * and the rules an enrolment must pass. The daily count and last use live in a separate usage
 * item, so an admin's edit never overwrites a count an enrolment just made.
 *
 * @param tokenKey   {@code patchmon_ae_…}, shown in lists; resolves to the tenant through the system lookup
 * @param secretHash hex SHA-256 of the secret, which is shown once at creation
 * @param metadata   free-form JSON object; {@code integration_type} is checked, the rest kept as given
 * @param scopes     permission scopes, only on {@code api} integration tokens
 */
public record EnrollmentToken(String id, String tokenName, String tokenKey, String secretHash, boolean isActive,
                              List<String> allowedIpRanges, int maxHostsPerDay, String defaultHostGroupId, Instant expiresAt,
                              Map<String, Object> metadata, Map<String, Object> scopes, String createdByUserId,
                              Instant createdAt, Instant updatedAt) {

    public EnrollmentToken {
        allowedIpRanges = allowedIpRanges == null ? List.of() : List.copyOf(allowedIpRanges);
        metadata = metadata == null ? Map.of() : metadata;
    }

    public String integrationType() {
        return metadata.get("integration_type") instanceof String type ? type : null;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
