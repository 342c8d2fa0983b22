package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cloud.patchmon.core.tenancy.TenantContext;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Sends server → agent commands (AGENT-PROTOCOL.md) to a host's current connection. */
public final class AgentChannel {

    /** API Gateway's WebSocket message limit; the local emulator enforces the same. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AgentChannel.class);

    public enum Delivery { SENT, NOT_CONNECTED }

    private final ConnectionRepository connections;
    private final ConnectionGateway gateway;
    private final ObjectMapper json;

    public AgentChannel(ConnectionRepository connections, ConnectionGateway gateway, ObjectMapper json) {
        this.connections = connections;
        this.gateway = gateway;
        this.json = json;
    }

    /**
     * @param command a JSON object with the protocol's {@code type}
     * @return {@link Delivery#NOT_CONNECTED} when the host has no connection, or had one that turned out dead (its
     *         record is then removed, so the Hosts list stops showing it connected)
     * @throws DomainException for a command without a type or over {@link #MAX_MESSAGE_BYTES}; nothing is sent
     */
    public Delivery send(TenantContext ctx, String hostId, Map<String, ?> command) {
        String message = checked(ctx, hostId, command);
        AgentConnection connection = connections.find(ctx, hostId).orElse(null);
        if (connection == null) {
            return Delivery.NOT_CONNECTED;
        }
        try {
            gateway.post(connection.connectionId(), message);
            return Delivery.SENT;
        } catch (ConnectionGoneException e) {
            connections.removeIfCurrent(ctx, hostId, connection.connectionId());
            LOG.info("host {} of tenant {}: connection {} was gone, record removed", hostId, ctx.tenantId(), connection.connectionId());
            return Delivery.NOT_CONNECTED;
        }
    }

    /**
     * Sends to {@code connectionId} only while it is the host's current connection, for the follow-up of its
     * {@code $connect}. A gone connection keeps its record: it may just not be open yet, and a connection that opened
     * and died gets its {@code $disconnect}, which removes it.
     *
     * @throws DomainException as {@link #send}
     */
    public Delivery sendTo(TenantContext ctx, String hostId, String connectionId, Map<String, ?> command) {
        String message = checked(ctx, hostId, command);
        if (!isCurrent(ctx, hostId, connectionId)) {
            return Delivery.NOT_CONNECTED;
        }
        try {
            gateway.post(connectionId, message);
            return Delivery.SENT;
        } catch (ConnectionGoneException e) {
            LOG.info("host {} of tenant {}: connection {} not open (yet)", hostId, ctx.tenantId(), connectionId);
            return Delivery.NOT_CONNECTED;
        }
    }

    public boolean isCurrent(TenantContext ctx, String hostId, String connectionId) {
        return connections.find(ctx, hostId).filter(c -> c.connectionId().equals(connectionId)).isPresent();
    }

    private String checked(TenantContext ctx, String hostId, Map<String, ?> command) {
        if (!(command.get("type") instanceof String type) || type.isBlank()) {
            throw DomainException.badRequest("A command needs a type");
        }
        String message = serialise(command);
        int bytes = message.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_BYTES) {
            // Commands are small by design (large payloads travel over HTTPS): one this big is a bug, not a split.
            LOG.error("host {} of tenant {}: {} command of {} bytes exceeds the 128 KB WebSocket message limit; not sent",
                    hostId, ctx.tenantId(), type, bytes);
            throw DomainException.badRequest("Command exceeds the 128 KB WebSocket message limit");
        }
        return message;
    }

    /**
     * Closes the host's connection, if it has one, so credentials that just stopped being valid stop being used at
     * once (an open connection was authorised once, at {@code $connect}). The record goes with it.
     *
     * @return whether a connection was closed
     */
    public boolean disconnect(TenantContext ctx, AgentConnection connection) {
        try {
            gateway.disconnect(connection.connectionId());
        } finally {
            connections.removeIfCurrent(ctx, connection.hostId(), connection.connectionId());
        }
        LOG.info("host {} of tenant {}: connection {} closed by the server", connection.hostId(), ctx.tenantId(), connection.connectionId());
        return true;
    }

    public java.util.Optional<AgentConnection> connection(TenantContext ctx, String hostId) {
        return connections.find(ctx, hostId);
    }

    public Map<String, AgentConnection> connections(TenantContext ctx) {
        return connections.all(ctx);
    }

    private String serialise(Map<String, ?> command) {
        try {
            return json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw DomainException.badRequest("A command must be JSON");
        }
    }
}
