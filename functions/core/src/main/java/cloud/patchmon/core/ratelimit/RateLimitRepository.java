package cloud.patchmon.core.ratelimit;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Optional;

/** The tenant's own request limits, beside its other settings in the tenant partition. */
public final class RateLimitRepository {

    private static final String PARTITION = "TENANT";
    private static final String SORT = "RATE_LIMITS";

    private final ItemStore store;

    public RateLimitRepository(ItemStore store) {
        this.store = store;
    }

    public Optional<RateLimits> find(TenantContext ctx) {
        return store.get(ctx, ItemKey.of(ctx, PARTITION, SORT), RateLimits.class);
    }

    public void save(TenantContext ctx, RateLimits limits) {
        store.put(ctx, Item.of(ItemKey.of(ctx, PARTITION, SORT), "rate_limits", limits));
    }
}
