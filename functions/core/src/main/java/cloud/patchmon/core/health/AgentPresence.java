package cloud.patchmon.core.health;

import cloud.patchmon.core.realtime.AgentConnection;
import cloud.patchmon.core.realtime.AgentConnections;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.tenancy.TenantContext;

/**
 * What the agents API's {@code $connect} and {@code $disconnect} change: the connection record, the host's health
 * (grace period, recovery) and the browsers watching the host.
 */
public final class AgentPresence {

    private final AgentConnections connections;
    private final HostHealth health;
    private final HostLiveEvents live;

    public AgentPresence(AgentConnections connections, HostHealth health, HostLiveEvents live) {
        this.connections = connections;
        this.health = health;
        this.live = live;
    }

    public AgentConnection connected(TenantContext ctx, String hostId, String connectionId, boolean secure, String sourceIp) {
        AgentConnection connection = connections.connected(ctx, hostId, connectionId, secure, sourceIp);
        health.agentConnected(ctx, hostId);
        live.agentConnected(ctx, connection);
        return connection;
    }

    /** @return whether the host is now disconnected (false: it had already redialled) */
    public boolean disconnected(TenantContext ctx, String hostId, String connectionId) {
        boolean removed = connections.disconnected(ctx, hostId, connectionId);
        if (removed) {
            health.agentDisconnected(ctx, hostId);
            live.agentDisconnected(ctx, hostId);
        }
        return removed;
    }
}
