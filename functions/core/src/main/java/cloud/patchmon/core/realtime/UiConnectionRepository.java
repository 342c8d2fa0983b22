package cloud.patchmon.core.realtime;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Browser connections and their subscriptions, in the tenant's partitions. A connection is one item in
 * {@code UICONN}; each subscription is two: one in the channel's own partition {@code UISUB#<channel>} (what a publish
 * queries) and one beside the connection (what {@code $disconnect} and a 410 clean up). Every item expires with the
 * connection, past API Gateway's 2-hour maximum, so a lost {@code $disconnect} leaves nothing behind for long.
 */
public final class UiConnectionRepository {

    private static final String CONNECTIONS = "UICONN";

    private final ItemStore store;

    public UiConnectionRepository(ItemStore store) {
        this.store = store;
    }

    private static ItemKey connectionKey(TenantContext ctx, String connectionId) {
        return ItemKey.of(ctx, CONNECTIONS, "CONN#" + connectionId);
    }

    private static String subscriptionsOf(String connectionId) {
        return "SUB#" + connectionId + "#";
    }

    private static ItemKey byConnection(TenantContext ctx, String connectionId, String channel) {
        return ItemKey.of(ctx, CONNECTIONS, subscriptionsOf(connectionId) + channel);
    }

    private static ItemKey byChannel(TenantContext ctx, String connectionId, String channel) {
        return ItemKey.of(ctx, "UISUB#" + channel, "CONN#" + connectionId);
    }

    private static Instant expiry(UiConnection connection) {
        return connection.connectedAt().plus(ConnectionRepository.EXPIRY);
    }

    public void save(TenantContext ctx, UiConnection connection) {
        store.put(ctx, Item.of(connectionKey(ctx, connection.connectionId()), "ui_connection", connection).expiringAt(expiry(connection)));
    }

    public Optional<UiConnection> find(TenantContext ctx, String connectionId) {
        return store.get(ctx, connectionKey(ctx, connectionId), UiConnection.class);
    }

    /** The tenant's open browser connections (a tenant has as many as signed-in tabs: one query). */
    public List<UiConnection> connections(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(CONNECTIONS).sortBeginsWith("CONN#").limit(QuerySpec.MAX_LIMIT), UiConnection.class);
    }

    public void subscribe(TenantContext ctx, UiConnection connection, String channel) {
        UiSubscription subscription = new UiSubscription(connection.connectionId(), channel);
        store.writeAll(ctx, List.of(
                Item.of(byConnection(ctx, connection.connectionId(), channel), "ui_subscription", subscription).expiringAt(expiry(connection)),
                Item.of(byChannel(ctx, connection.connectionId(), channel), "ui_subscription", subscription).expiringAt(expiry(connection))),
                List.of());
    }

    public void unsubscribe(TenantContext ctx, String connectionId, String channel) {
        store.writeAll(ctx, List.of(), List.of(byConnection(ctx, connectionId, channel), byChannel(ctx, connectionId, channel)));
    }

    public List<String> channelsOf(TenantContext ctx, String connectionId) {
        return store.queryAll(ctx, QuerySpec.partition(CONNECTIONS).sortBeginsWith(subscriptionsOf(connectionId)).limit(QuerySpec.MAX_LIMIT),
                UiSubscription.class).stream().map(UiSubscription::channel).toList();
    }

    public List<String> subscribers(TenantContext ctx, String channel) {
        return store.queryAll(ctx, QuerySpec.partition("UISUB#" + channel).sortBeginsWith("CONN#").limit(QuerySpec.MAX_LIMIT),
                UiSubscription.class).stream().map(UiSubscription::connectionId).toList();
    }

    /** Deletes the connection and every subscription it held. */
    public void remove(TenantContext ctx, String connectionId) {
        List<ItemKey> deletes = new ArrayList<>();
        deletes.add(connectionKey(ctx, connectionId));
        for (String channel : channelsOf(ctx, connectionId)) {
            deletes.add(byConnection(ctx, connectionId, channel));
            deletes.add(byChannel(ctx, connectionId, channel));
        }
        store.writeAll(ctx, List.of(), deletes);
    }
}
