package cloud.patchmon.core.hosts;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.ArrayList;
import java.util.List;

/** A host's packages: one item each under the host's partition, written only when they change. */
public final class HostPackageRepository {

    private final ItemStore store;

    public HostPackageRepository(ItemStore store) {
        this.store = store;
    }

    static ItemKey key(TenantContext ctx, String hostId, String name) {
        return ItemKey.of(ctx, "HOST#" + hostId, "PKG#" + name);
    }

    public List<HostPackage> list(TenantContext ctx, String hostId) {
        return store.queryAll(ctx, QuerySpec.partition("HOST#" + hostId).sortBeginsWith("PKG#").limit(QuerySpec.MAX_LIMIT), HostPackage.class);
    }

    /** Writes the changed and new packages and removes the ones no longer installed. */
    public void apply(TenantContext ctx, String hostId, List<HostPackage> upserts, List<String> removed) {
        List<Item<?>> puts = new ArrayList<>();
        upserts.forEach(p -> puts.add(Item.of(key(ctx, hostId, p.name()), "host_package", p)));
        store.writeAll(ctx, puts, removed.stream().map(name -> key(ctx, hostId, name)).toList());
    }
}
