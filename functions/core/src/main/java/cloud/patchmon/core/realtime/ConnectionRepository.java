package cloud.patchmon.core.realtime;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One item per connected host in the tenant's {@code CONNECTIONS} partition: a host's connection is one read, and the
 * whole tenant's connections one query the Hosts list folds into its host query. No item maps a connection id back:
 * API Gateway hands the {@code $connect} authorizer's context (tenant, host) to every later event of the connection.
 */
public final class ConnectionRepository {

    /** API Gateway ends every connection after 2 hours; a record outliving it by this much was never disconnected cleanly. */
    static final Duration EXPIRY = Duration.ofHours(2).plusMinutes(15);
    private static final String CONNECTIONS = "CONNECTIONS";

    private final ItemStore store;

    public ConnectionRepository(ItemStore store) {
        this.store = store;
    }

    private static ItemKey key(TenantContext ctx, String hostId) {
        return ItemKey.of(ctx, CONNECTIONS, "HOST#" + hostId);
    }

    /** The host's connection record's removal, for the transaction that deletes the host. */
    public static Write.Delete remove(TenantContext ctx, String hostId) {
        return new Write.Delete(key(ctx, hostId), false);
    }

    /** Replaces whatever connection the host had: the latest dial is the one commands go to. */
    public void save(TenantContext ctx, AgentConnection connection) {
        store.put(ctx, Item.of(key(ctx, connection.hostId()), "agent_connection", connection)
                .expiringAt(connection.connectedAt().plus(EXPIRY)));
    }

    public Optional<AgentConnection> find(TenantContext ctx, String hostId) {
        return store.get(ctx, key(ctx, hostId), AgentConnection.class);
    }

    public Map<String, AgentConnection> all(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(CONNECTIONS).sortBeginsWith("HOST#").limit(QuerySpec.MAX_LIMIT), AgentConnection.class)
                .stream().collect(Collectors.toMap(AgentConnection::hostId, Function.identity(), (a, b) -> b));
    }

    /** @return whether {@code connectionId} was still the host's connection (and is now gone) */
    public boolean removeIfCurrent(TenantContext ctx, String hostId, String connectionId) {
        return store.deleteIf(ctx, key(ctx, hostId), "connectionId", connectionId);
    }
}
