package cloud.patchmon.core.realtime;

import cloud.patchmon.core.tenancy.TenantContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes server → browser frames (README "Realtime protocol") to every connection subscribed to a channel, through
 * the {@code ui} API's {@link ConnectionGateway}. A connection that turned out gone (410) is removed with its
 * subscriptions; a delivery failure to one browser never stops the others, nor the write that caused the event: live
 * updates are a courtesy, the stored state is the truth and pages re-read it.
 */
public final class UiChannel {

    private static final Logger LOG = LoggerFactory.getLogger(UiChannel.class);

    private final UiConnectionRepository connections;
    private final ConnectionGateway gateway;
    private final ObjectMapper json;

    public UiChannel(UiConnectionRepository connections, ConnectionGateway gateway, ObjectMapper json) {
        this.connections = connections;
        this.gateway = gateway;
        this.json = json;
    }

    /**
     * Sends one event to the channel's subscribers, the channel's name added as {@code channel}.
     *
     * @param frame a JSON object with a {@code type}; over {@link AgentChannel#MAX_MESSAGE_BYTES} it is not sent (logged):
     *              events that can grow (run output) are split by {@link RunFrames} before they get here
     * @return how many connections it reached
     */
    public int publish(TenantContext ctx, UiChannelName channel, Map<String, ?> frame) {
        return publishAll(ctx, channel, List.of(frame));
    }

    /** Sends several frames in order to each subscriber (a run's snapshot and the chunks that complete it). */
    public int publishAll(TenantContext ctx, UiChannelName channel, List<? extends Map<String, ?>> frames) {
        List<String> messages = frames.stream().map(frame -> serialise(channel, frame)).toList();
        if (messages.stream().anyMatch(m -> m == null)) {
            return 0;
        }
        List<String> subscribers;
        try {
            subscribers = connections.subscribers(ctx, channel.toString());
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: subscribers of {} could not be read; event not pushed", ctx.tenantId(), channel, e);
            return 0;
        }
        int reached = 0;
        for (String connectionId : subscribers) {
            if (deliver(ctx, connectionId, messages)) {
                reached++;
            }
        }
        return reached;
    }

    /** Sends frames to one connection (a subscribe's answer, a snapshot for a new subscriber). */
    public boolean sendTo(TenantContext ctx, String connectionId, Map<String, ?> frame) {
        String message = serialise(null, frame);
        return message != null && deliver(ctx, connectionId, List.of(message));
    }

    /**
     * Ends a browser connection: API Gateway closes it (its {@code $disconnect} follows) and its records go now, so no
     * event reaches it in between even if the close fails.
     */
    public void close(TenantContext ctx, String connectionId) {
        connections.remove(ctx, connectionId);
        try {
            gateway.disconnect(connectionId);
        } catch (RuntimeException e) {
            // Its records are gone: nothing is published to it any more, and API Gateway ends it within two hours.
            LOG.warn("tenant {}: closing browser connection {} failed", ctx.tenantId(), connectionId, e);
        }
    }

    private boolean deliver(TenantContext ctx, String connectionId, List<String> messages) {
        try {
            for (String message : messages) {
                gateway.post(connectionId, message);
            }
            return true;
        } catch (ConnectionGoneException e) {
            LOG.info("tenant {}: browser connection {} was gone, record removed", ctx.tenantId(), connectionId);
            removeQuietly(ctx, connectionId);
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: push to browser connection {} failed", ctx.tenantId(), connectionId, e);
        }
        return false;
    }

    private void removeQuietly(TenantContext ctx, String connectionId) {
        try {
            connections.remove(ctx, connectionId);
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: gone connection {} not removed; its TTL will", ctx.tenantId(), connectionId, e);
        }
    }

    private String serialise(UiChannelName channel, Map<String, ?> frame) {
        Map<String, Object> body = new LinkedHashMap<>(frame);
        if (channel != null) {
            body.put("channel", channel.toString());
        }
        try {
            String message = json.writeValueAsString(body);
            if (message.getBytes(StandardCharsets.UTF_8).length > AgentChannel.MAX_MESSAGE_BYTES) {
                LOG.error("{} frame {} exceeds the 128 KB WebSocket message limit; not sent", channel, frame.get("type"));
                return null;
            }
            return message;
        } catch (JsonProcessingException e) {
            LOG.error("{} frame {} is not JSON; not sent", channel, frame.get("type"), e);
            return null;
        }
    }
}
