package cloud.patchmon.core.realtime;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code host:<id>} channel's events (README "Realtime protocol"): what the Add Host wizard's stages, the
 * connection badges and the last-seen times follow without polling.
 */
public final class HostLiveEvents {

    public static final String AGENT_CONNECTED = "agent_connected";
    public static final String AGENT_DISCONNECTED = "agent_disconnected";
    public static final String REPORT_STARTED = "report_started";
    public static final String REPORT_RECEIVED = "report_received";
    public static final String HOST_SEEN = "host_seen";
    public static final String HOST_DOWN = "host_down";
    public static final String HOST_RECOVERED = "host_recovered";

    private final UiChannel channel;

    public HostLiveEvents(UiChannel channel) {
        this.channel = channel;
    }

    public void agentConnected(TenantContext ctx, AgentConnection connection) {
        Map<String, Object> frame = frame(AGENT_CONNECTED, connection.hostId());
        frame.put("secure", connection.secure());
        frame.put("connected_at", connection.connectedAt().toString());
        channel.publish(ctx, UiChannelName.host(connection.hostId()), frame);
    }

    public void agentDisconnected(TenantContext ctx, String hostId) {
        channel.publish(ctx, UiChannelName.host(hostId), frame(AGENT_DISCONNECTED, hostId));
    }

    /** The agent's report is in and being stored: the wizard's "Receiving initial report". */
    public void reportStarted(TenantContext ctx, String hostId) {
        channel.publish(ctx, UiChannelName.host(hostId), frame(REPORT_STARTED, hostId));
    }

    /** The report is stored: the host is active and was last seen {@code at} (the wizard's Done, the pages' last seen). */
    public void reportReceived(TenantContext ctx, String hostId, Instant at) {
        Map<String, Object> frame = frame(REPORT_RECEIVED, hostId);
        frame.put("status", Host.ACTIVE);
        frame.put("last_update", at.toString());
        channel.publish(ctx, UiChannelName.host(hostId), frame);
    }

    /** A check-in: the host was seen {@code at} (the pages' last seen), nothing else changed. */
    public void seen(TenantContext ctx, String hostId, Instant at) {
        Map<String, Object> frame = frame(HOST_SEEN, hostId);
        frame.put("last_update", at.toString());
        channel.publish(ctx, UiChannelName.host(hostId), frame);
    }

    public void health(TenantContext ctx, String hostId, boolean down, String reason) {
        Map<String, Object> frame = frame(down ? HOST_DOWN : HOST_RECOVERED, hostId);
        if (reason != null) {
            frame.put("reason", reason);
        }
        channel.publish(ctx, UiChannelName.host(hostId), frame);
    }

    private static Map<String, Object> frame(String type, String hostId) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("host_id", hostId);
        return frame;
    }
}
