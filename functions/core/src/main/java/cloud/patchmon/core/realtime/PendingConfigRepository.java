package cloud.patchmon.core.realtime;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Optional;

/** The host's staged integration change: one item in its partition (deleted with the host), written conditionally. */
public final class PendingConfigRepository {

    private final ItemStore store;

    public PendingConfigRepository(ItemStore store) {
        this.store = store;
    }

    private static ItemKey key(TenantContext ctx, String hostId) {
        return ItemKey.of(ctx, "HOST#" + hostId, "PENDING_CONFIG");
    }

    public Optional<PendingConfig> find(TenantContext ctx, String hostId) {
        return store.get(ctx, key(ctx, hostId), PendingConfig.class);
    }

    /** @param expectedRevision the revision last read, {@code null} when there was none */
    public boolean save(TenantContext ctx, String hostId, PendingConfig config, Long expectedRevision) {
        return store.replaceIf(ctx, Item.of(key(ctx, hostId), "pending_config", config), "revision", expectedRevision);
    }

    /** Clears the staging only if it is still the one {@code jobId} carried. */
    public boolean clearIfCarriedBy(TenantContext ctx, String hostId, String jobId) {
        return store.deleteIf(ctx, key(ctx, hostId), "jobId", jobId);
    }

    public void clear(TenantContext ctx, String hostId) {
        store.delete(ctx, key(ctx, hostId));
    }
}
