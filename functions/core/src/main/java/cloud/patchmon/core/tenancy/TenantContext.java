package cloud.patchmon.core.tenancy;

import java.util.Objects;

/**
 * Who is acting, for which tenant. Resolved on the server from a credential (session, agent key,
 * API key, WebSocket ticket), never from a client-supplied tenant id. Every repository method takes
 * one, so no code path can read or write without naming its tenant.
 *
 * @param tenantId  the tenant whose data may be touched
 * @param principal the user, host, API credential or system job acting, for audit and logs
 */
public record TenantContext(TenantId tenantId, Principal principal) {

    public TenantContext {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(principal, "principal");
    }

    public static TenantContext system(TenantId tenantId, String job) {
        return new TenantContext(tenantId, new Principal(Principal.Kind.SYSTEM, job));
    }

    /** The acting party. Kinds map to the spec's credential types. */
    public record Principal(Kind kind, String id) {
        public enum Kind { USER, HOST, API_CREDENTIAL, ENROLLMENT_TOKEN, SYSTEM }

        public Principal {
            Objects.requireNonNull(kind, "kind");
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("principal id is required");
            }
        }
    }
}
