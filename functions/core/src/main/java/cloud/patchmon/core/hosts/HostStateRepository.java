package cloud.patchmon.core.hosts;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.function.UnaryOperator;

/** The per-host check-in state, next to the host's other detail items. */
public final class HostStateRepository {

    /** The lease changes twice per report, so a second attempt nearly always wins; more only under a burst of reports. */
    static final int UPDATE_ATTEMPTS = 3;
    static final String BUSY = "A report for this host is already being processed";

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

    /**
     * Writes {@code state} only if the stored ingest lease is still {@code expectedLease} ({@code null}: none).
     *
     * @return {@code false} (nothing written) when another writer changed the lease first
     */
    boolean saveIf(TenantContext ctx, String hostId, HostState state, String expectedLease) {
        return store.replaceIf(ctx, Item.of(key(ctx, hostId), "host_state", state), "ingestLease", expectedLease);
    }

    /**
     * Rewrites the state from its stored value without ever dropping or reviving an ingest lease: the
     * write is conditional on the lease it read, and a lease taken or released meanwhile means reading
     * again (which also keeps hashes a finishing report just accepted). Nothing is written when
     * {@code change} leaves the state as it was.
     *
     * @return the state as written (or as found, when unchanged)
     */
    public HostState update(TenantContext ctx, String hostId, UnaryOperator<HostState> change) {
        for (int attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
            HostState stored = find(ctx, hostId);
            HostState next = change.apply(stored).withIngestLease(stored.ingestLease());
            if (next.equals(stored) || saveIf(ctx, hostId, next, stored.ingestLease())) {
                return next;
            }
        }
        throw DomainException.conflict(BUSY);
    }

    public void delete(TenantContext ctx, String hostId) {
        store.delete(ctx, key(ctx, hostId));
    }
}
