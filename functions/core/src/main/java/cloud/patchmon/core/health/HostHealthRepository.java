package cloud.patchmon.core.health;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tenant's {@code HEALTH} partition: a {@code DOWN#<host>} item per host with a raised {@code host_down} and a
 * {@code DISC#<host>} item per host whose agent connection dropped, and the {@code OFFLINE} count the dashboard shows.
 * Small items, one query for the whole tenant (the sweep, the Hosts list). Raising is a conditional put and clearing a delete that reports whether it deleted, so of two
 * sweeps racing, exactly one publishes each event.
 */
public final class HostHealthRepository {

    private static final String HEALTH = "HEALTH";

    private final ItemStore store;

    public HostHealthRepository(ItemStore store) {
        this.store = store;
    }

    private static ItemKey downKey(TenantContext ctx, String hostId) {
        return ItemKey.of(ctx, HEALTH, "DOWN#" + hostId);
    }

    private static ItemKey disconnectKey(TenantContext ctx, String hostId) {
        return ItemKey.of(ctx, HEALTH, "DISC#" + hostId);
    }

    /** @return whether this call raised it (false: it was already down) */
    public boolean raise(TenantContext ctx, HostDown down) {
        return store.putIfAbsent(ctx, Item.of(downKey(ctx, down.hostId()), "host_down", down));
    }

    /** @return whether this call cleared it (false: it was not down) */
    public boolean clear(TenantContext ctx, String hostId) {
        return store.delete(ctx, downKey(ctx, hostId));
    }

    public Optional<HostDown> down(TenantContext ctx, String hostId) {
        return store.get(ctx, downKey(ctx, hostId), HostDown.class);
    }

    public Map<String, HostDown> allDown(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(HEALTH).sortBeginsWith("DOWN#").limit(QuerySpec.MAX_LIMIT), HostDown.class)
                .stream().collect(Collectors.toMap(HostDown::hostId, Function.identity(), (a, b) -> b));
    }

    public void disconnected(TenantContext ctx, AgentDisconnect disconnect) {
        store.put(ctx, Item.of(disconnectKey(ctx, disconnect.hostId()), "agent_disconnect", disconnect));
    }

    public void reconnected(TenantContext ctx, String hostId) {
        store.delete(ctx, disconnectKey(ctx, hostId));
    }

    public Map<String, AgentDisconnect> allDisconnects(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(HEALTH).sortBeginsWith("DISC#").limit(QuerySpec.MAX_LIMIT), AgentDisconnect.class)
                .stream().collect(Collectors.toMap(AgentDisconnect::hostId, Function.identity(), (a, b) -> b));
    }

    private static ItemKey offlineKey(TenantContext ctx) {
        return ItemKey.of(ctx, HEALTH, "OFFLINE");
    }

    public OfflineCount offline(TenantContext ctx) {
        return store.get(ctx, offlineKey(ctx), OfflineCount.class).orElse(OfflineCount.NONE);
    }

    public void offline(TenantContext ctx, OfflineCount count) {
        store.put(ctx, Item.of(offlineKey(ctx), "offline_count", count));
    }

    /** Forgets a host that no longer exists. */
    public void forget(TenantContext ctx, String hostId) {
        store.writeAll(ctx, List.of(), List.of(downKey(ctx, hostId), disconnectKey(ctx, hostId)));
    }
}
