package cloud.patchmon.core.hosts;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.TableDesign.Index;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A host's packages: one item each under the host's partition, written only when they change.
 * Each item is also indexed by package name (GSI1, partition {@code PKGHOSTS#<name>}), so "which
 * hosts have package X" is one query instead of a read of every host's partition; the index
 * entry is written by the same put, so it costs only when the package item itself changes.
 */
public final class HostPackageRepository {

    private final ItemStore store;

    public HostPackageRepository(ItemStore store) {
        this.store = store;
    }

    /** One host's install of a package, as the package index returns it. */
    public record Installation(String hostId, String name, String currentVersion, String availableVersion, boolean needsUpdate,
                               boolean securityUpdate, String sourceRepository) {
        static Installation of(String hostId, HostPackage p) {
            return new Installation(hostId, p.name(), p.currentVersion(), p.availableVersion(), p.needsUpdate(), p.securityUpdate(),
                    p.sourceRepository());
        }
    }

    static ItemKey key(TenantContext ctx, String hostId, String name) {
        return ItemKey.of(ctx, "HOST#" + hostId, "PKG#" + name);
    }

    private static ItemKey indexKey(TenantContext ctx, String hostId, String name) {
        return ItemKey.of(ctx, "PKGHOSTS#" + name, "HOST#" + hostId);
    }

    public List<HostPackage> list(TenantContext ctx, String hostId) {
        return store.queryAll(ctx, QuerySpec.partition("HOST#" + hostId).sortBeginsWith("PKG#").limit(QuerySpec.MAX_LIMIT), HostPackage.class);
    }

    /** Every host's install of {@code name}: one index query, whatever the fleet size. */
    public List<Installation> installations(TenantContext ctx, String name) {
        return store.queryAll(ctx, QuerySpec.index(Index.GSI1, "PKGHOSTS#" + name).limit(QuerySpec.MAX_LIMIT), Installation.class);
    }

    /** Writes the changed and new packages and removes the ones no longer installed. */
    public void apply(TenantContext ctx, String hostId, List<HostPackage> upserts, List<String> removed) {
        List<Item<?>> puts = new ArrayList<>();
        upserts.forEach(p -> puts.add(Item.of(key(ctx, hostId, p.name()), "host_package", Installation.of(hostId, p))
                .withIndex(Index.GSI1, indexKey(ctx, hostId, p.name()))));
        store.writeAll(ctx, puts, removed.stream().map(name -> key(ctx, hostId, name)).toList());
    }
}
