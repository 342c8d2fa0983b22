package cloud.patchmon.core.tenants;

import cloud.patchmon.core.tenancy.TenantId;

import java.time.Instant;

/** One customer organisation; {@code slug} names it in URLs and at sign-in. */
public record Tenant(TenantId id, String name, String slug, Instant createdAt) {
}
