package cloud.patchmon.core.storage;

import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;

import java.util.Objects;

/**
 * The primary key (or an index key) of one stored item. Partition keys always lead with the
 * tenant ({@code T#<tenant>#...}) so IAM {@code dynamodb:LeadingKeys} can confine a role to one
 * tenant and no query can span tenants. Built only through {@link #of}.
 */
public record ItemKey(String pk, String sk) {

    static final String SEPARATOR = "#";
    static final String TENANT_PREFIX = "T" + SEPARATOR;

    public ItemKey {
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(sk, "sk");
        if (!pk.startsWith(TENANT_PREFIX)) {
            throw new IllegalArgumentException("partition key must lead with the tenant");
        }
    }

    /**
     * @param partition the entity collection inside the tenant, e.g. {@code HOST#<id>}
     * @param sort      the item inside that collection, e.g. {@code PKG#openssl}
     */
    public static ItemKey of(TenantContext ctx, String partition, String sort) {
        return new ItemKey(partitionKey(ctx.tenantId(), partition), sort);
    }

    static String partitionKey(TenantId tenant, String partition) {
        if (partition == null || partition.isEmpty()) {
            throw new IllegalArgumentException("partition is required");
        }
        return tenantPrefix(tenant) + partition;
    }

    static String tenantPrefix(TenantId tenant) {
        return TENANT_PREFIX + tenant.value() + SEPARATOR;
    }

    public boolean belongsTo(TenantId tenant) {
        return pk.startsWith(tenantPrefix(tenant));
    }

    /** The partition as the caller named it, without the tenant prefix. */
    public String partition() {
        return pk.substring(pk.indexOf(SEPARATOR, TENANT_PREFIX.length()) + 1);
    }
}
