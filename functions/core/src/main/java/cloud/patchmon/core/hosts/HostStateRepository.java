package cloud.patchmon.core.hosts;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

/** The per-host check-in state, next to the host's other detail items. */
public final class HostStateRepository {

    private final ItemStore store;

    public HostStateRepository(ItemStore store) {
        this.store = store;
    }

    private static ItemKey key(TenantContext ctx, String hostId) {
        return ItemKey.of(ctx, "HOST#" + hostId, "STATE");
    }

    /** The state's removal, for the transaction that deletes its host. */
    public static cloud.patchmon.core.storage.Write.Delete remove(TenantContext ctx, String hostId) {
        return new cloud.patchmon.core.storage.Write.Delete(key(ctx, hostId), false);
    }

    public HostState find(TenantContext ctx, String hostId) {
        return store.get(ctx, key(ctx, hostId), HostState.class).orElseGet(HostState::empty);
    }

    public void save(TenantContext ctx, String hostId, HostState state) {
        store.put(ctx, Item.of(key(ctx, hostId), "host_state", state));
    }

    public void delete(TenantContext ctx, String hostId) {
        store.delete(ctx, key(ctx, hostId));
    }
}
