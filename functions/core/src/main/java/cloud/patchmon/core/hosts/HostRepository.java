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
    private static final String REVISION = "revision";
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

    /** A new host's first revision, for the transaction that creates it with its memberships. */
    public static Write.Put create(TenantContext ctx, Host host) {
        return new Write.Put(Item.of(key(ctx, host.id()), "host", host), true);
    }

    /**
     * Replaces {@code stored} with {@code updated} as its next revision, only while the item still holds {@code stored}'s
     * revision: an edit, report or check-in made meanwhile is never undone, and what was replaced is exactly known.
     */
    public static Write.PutIf replacing(TenantContext ctx, Host stored, Host updated) {
        return new Write.PutIf(Item.of(key(ctx, stored.id()), "host", updated.nextRevision()), REVISION, stored.revision());
    }

    /** Deletes the host only while it is still {@code stored}, so its counters are subtracted exactly once. */
    public static Write.DeleteIf removing(TenantContext ctx, Host stored) {
        return new Write.DeleteIf(key(ctx, stored.id()), REVISION, stored.revision());
    }

    /**
     * {@link #replacing} as one plain conditional put (a one-item transaction would cost twice the units for nothing).
     *
     * @return the host as written, or empty when the item changed (or vanished) since {@code stored} was read
     */
    public Optional<Host> replace(TenantContext ctx, Host stored, Host updated) {
        Write.PutIf write = replacing(ctx, stored, updated);
        return store.replaceIf(ctx, write.item(), REVISION, stored.revision()) ? Optional.of((Host) write.item().value()) : Optional.empty();
    }

    public Optional<Host> find(TenantContext ctx, String hostId) {
        return store.get(ctx, key(ctx, hostId), Host.class);
    }

    /**
     * Records a check-in on the host ({@code lastUpdate}, reboot flag) unless the host item changed since {@code seen} was
     * read: an edit or a report made meanwhile wins, and the next check-in records the sighting instead.
     *
     * @return the host as written; empty when it changed meanwhile
     */
    public Optional<Host> touch(TenantContext ctx, Host seen, Instant when, boolean needsReboot) {
        return replace(ctx, seen, seen.seenAt(when, needsReboot));
    }

    /** The named hosts that exist, in one batched read (unknown ids are left out). */
    public List<Host> findAll(TenantContext ctx, java.util.Collection<String> hostIds) {
        return store.getAll(ctx, hostIds.stream().filter(id -> id != null && !id.isBlank()).distinct().map(id -> key(ctx, id)).toList(), Host.class);
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
