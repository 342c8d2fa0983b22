package cloud.patchmon.core.realtime;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Host Detail's per-host "Agent Auto-update" switches that are off, one small item each in the tenant's
 * {@code AUTOUPDATE} partition; a host without one follows Settings → Agent Updates. Kept off the host item on
 * purpose: check-ins and reports rewrite that item, and must cost the same whatever this switch says.
 */
public final class AutoUpdateOverrides {

    private static final String PARTITION = "AUTOUPDATE";

    /** A host whose agent must not update itself on its schedule. */
    public record Disabled(String hostId, Instant disabledAt) {
    }

    private final ItemStore store;

    public AutoUpdateOverrides(ItemStore store) {
        this.store = store;
    }

    private static ItemKey key(TenantContext ctx, String hostId) {
        return ItemKey.of(ctx, PARTITION, "HOST#" + hostId);
    }

    /** The override's removal, for the transaction that deletes the host. */
    public static Write.Delete remove(TenantContext ctx, String hostId) {
        return new Write.Delete(key(ctx, hostId), false);
    }

    public boolean enabled(TenantContext ctx, String hostId) {
        return store.get(ctx, key(ctx, hostId), Disabled.class).isEmpty();
    }

    /** One query for the whole tenant, however many hosts a settings change reaches. */
    public Set<String> disabledHosts(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(PARTITION).sortBeginsWith("HOST#").limit(QuerySpec.MAX_LIMIT), Disabled.class)
                .stream().map(Disabled::hostId).collect(Collectors.toSet());
    }

    public void set(TenantContext ctx, String hostId, boolean enabled, Instant now) {
        if (enabled) {
            store.delete(ctx, key(ctx, hostId));
        } else {
            store.put(ctx, Item.of(key(ctx, hostId), "auto_update_override", new Disabled(hostId, now)));
        }
    }
}
