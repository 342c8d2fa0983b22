package cloud.patchmon.core.hosts;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Hosts of a tenant, and the one cross-tenant lookup agents need: API ID → (tenant, host), in
 * the system tenant, written before the host and verified by readers.
 */
public final class HostRepository {

    private static final String HOSTS = "HOSTS";
    private static final TenantContext SYSTEM = TenantContext.system(Directory.SYSTEM, "hosts");

    private final ItemStore store;

    public HostRepository(ItemStore store) {
        this.store = store;
    }

    /** Where an agent's API ID leads. */
    public record ApiIdEntry(TenantId tenantId, String hostId) {
    }

    static ItemKey key(TenantContext ctx, String hostId) {
        return ItemKey.of(ctx, HOSTS, "HOST#" + hostId);
    }

    public static Write.Put put(TenantContext ctx, Host host, boolean mustNotExist) {
        return new Write.Put(Item.of(key(ctx, host.id()), "host", host), mustNotExist);
    }

    public static Write.Delete remove(TenantContext ctx, String hostId) {
        return new Write.Delete(key(ctx, hostId), true);
    }

    /** Replaces the host item with a plain put: a one-item transaction would cost twice the units for nothing. */
    public void save(TenantContext ctx, Host host) {
        store.put(ctx, put(ctx, host, false).item());
    }

    public Optional<Host> find(TenantContext ctx, String hostId) {
        return store.get(ctx, key(ctx, hostId), Host.class);
    }

    /**
     * Records a check-in on the host ({@code lastUpdate}, reboot flag) unless the host item changed since {@code seen} was
     * read: an edit or a report made meanwhile wins, and the next check-in records the sighting instead.
     */
    public void touch(TenantContext ctx, Host seen, Instant when, boolean needsReboot) {
        store.replaceIf(ctx, Item.of(key(ctx, seen.id()), "host", seen.seenAt(when, needsReboot)), "updatedAt", seen.updatedAt());
    }

    /** Replaces the host unless it changed since {@code seen} was read. */
    public boolean replaceIfUnchanged(TenantContext ctx, Host seen, Host updated) {
        return store.replaceIf(ctx, put(ctx, updated, false).item(), "updatedAt", seen.updatedAt());
    }

    public List<Host> list(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(HOSTS).sortBeginsWith("HOST#").limit(QuerySpec.MAX_LIMIT), Host.class);
    }

    public void registerApiId(String apiId, TenantId tenant, String hostId) {
        store.put(SYSTEM, Item.of(ItemKey.of(SYSTEM, "APIIDS", apiId), "api_id", new ApiIdEntry(tenant, hostId)));
    }

    public void unregisterApiId(String apiId) {
        store.delete(SYSTEM, ItemKey.of(SYSTEM, "APIIDS", apiId));
    }

    public Optional<ApiIdEntry> apiId(String apiId) {
        return store.get(SYSTEM, ItemKey.of(SYSTEM, "APIIDS", apiId), ApiIdEntry.class);
    }

    /** All or nothing: a host and its memberships change together. */
    public void transact(TenantContext ctx, List<Write> writes) {
        store.transact(ctx, writes);
    }
}
