package cloud.patchmon.core.events;

import cloud.patchmon.core.tenancy.TenantId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened in a tenant, for alerting and notifications (e.g. {@code user_login},
 * {@code account_locked}). {@code data} holds identifiers and names, never secrets.
 */
public record DomainEvent(String type, TenantId tenantId, Instant occurredAt, Map<String, Object> data) {

    public DomainEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = Map.copyOf(data);
    }
}
