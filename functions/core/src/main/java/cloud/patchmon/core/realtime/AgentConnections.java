package cloud.patchmon.core.realtime;

import cloud.patchmon.core.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Which hosts hold a live agent connection: kept by {@code $connect}/{@code $disconnect}, read by the Hosts pages. */
public final class AgentConnections {

    private static final Logger LOG = LoggerFactory.getLogger(AgentConnections.class);

    private final ConnectionRepository connections;
    private final Clock clock;

    public AgentConnections(ConnectionRepository connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    public AgentConnection connected(TenantContext ctx, String hostId, String connectionId, boolean secure, String sourceIp) {
        AgentConnection connection = new AgentConnection(hostId, connectionId, clock.instant(), secure, sourceIp);
        connections.save(ctx, connection);
        LOG.info("host {} of tenant {} connected ({}, {})", hostId, ctx.tenantId(), connectionId, secure ? "wss" : "ws");
        return connection;
    }

    /**
     * A connection closed. An agent that redialled before the old connection's {@code $disconnect} arrived already has
     * a newer record, which stays.
     *
     * @return whether the host is now disconnected
     */
    public boolean disconnected(TenantContext ctx, String hostId, String connectionId) {
        boolean removed = connections.removeIfCurrent(ctx, hostId, connectionId);
        LOG.info("host {} of tenant {} disconnected ({}){}", hostId, ctx.tenantId(), connectionId, removed ? "" : "; not its current connection, record kept");
        return removed;
    }

    public Optional<AgentConnection> of(TenantContext ctx, String hostId) {
        return connections.find(ctx, hostId);
    }

    /** Every connected host of the tenant, by host id: one query, whatever the number of hosts. */
    public Map<String, AgentConnection> all(TenantContext ctx) {
        return connections.all(ctx);
    }
}
