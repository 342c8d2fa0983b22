package cloud.patchmon.ws;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentChannel;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiChannelName;
import cloud.patchmon.core.realtime.UiSessions;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code ui} API's routes: {@code $connect} records the browser's connection, {@code $disconnect} removes it with
 * its subscriptions, {@code subscribe}/{@code unsubscribe} (route selection {@code $request.body.type}) manage the
 * host and run channels, {@code $default} takes keep-alive pings and refuses anything else. The tenant and user come
 * from the ticket the authorizer took, never from a frame. Answers and refusals are pushed back to the connection as
 * {@code subscribed}/{@code unsubscribed}/{@code error} frames (API Gateway sends no integration response to the
 * client without a route response), and refusals are logged.
 */
public final class UiRoutesHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(UiRoutesHandler.class);
    private static final ObjectMapper JSON = Json.newMapper();

    private final UiSessions sessions;
    private final UiChannel channel;

    /** The runtime's constructor: storage from the function's environment. */
    public UiRoutesHandler() {
        this(WsRuntime.instance().uiSessions(), WsRuntime.instance().uiChannel());
    }

    public UiRoutesHandler(UiSessions sessions, UiChannel channel) {
        this.sessions = sessions;
        this.channel = channel;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        WsEvent event = new WsEvent(input);
        String tenant = event.authorizer(UiAuthorizerHandler.TENANT);
        String userId = event.authorizer(UiAuthorizerHandler.USER);
        String connectionId = event.connectionId();
        if (tenant == null || userId == null || connectionId == null) {
            LOG.warn("{} event without an authorised connection refused", event.routeKey());
            return response(401, "Unauthorized");
        }
        TenantContext ctx = new TenantContext(new TenantId(tenant), new TenantContext.Principal(TenantContext.Principal.Kind.USER, userId));
        String channelName = null;
        try {
            switch (String.valueOf(event.eventType())) {
                case "CONNECT" -> sessions.connected(ctx, connectionId);
                case "DISCONNECT" -> sessions.disconnected(ctx, connectionId);
                case "MESSAGE" -> {
                    JsonNode frame = parse(event);
                    channelName = frame.path("channel").isTextual() ? frame.get("channel").asText() : null;
                    String type = frame.path("type").isTextual() ? frame.get("type").asText() : null;
                    switch (String.valueOf(type)) {
                        case "subscribe" -> {
                            UiChannelName subscribed = sessions.subscribe(ctx, connectionId, channelName);
                            channel.sendTo(ctx, connectionId, UiSessions.answer("subscribed", subscribed));
                            for (Map<String, Object> snapshot : sessions.afterSubscribe(ctx, subscribed)) {
                                channel.sendTo(ctx, connectionId, snapshot);
                            }
                        }
                        case "unsubscribe" -> channel.sendTo(ctx, connectionId,
                                UiSessions.answer("unsubscribed", sessions.unsubscribe(ctx, connectionId, channelName)));
                        case "ping" -> channel.sendTo(ctx, connectionId, Map.of("type", "pong"));
                        default -> throw DomainException.badRequest(type == null ? "Frame has no type" : "Unknown message type");
                    }
                }
                default -> {
                    return response(400, "Unknown event");
                }
            }
            return Map.of("statusCode", 200);
        } catch (DomainException e) {
            LOG.warn("user {} of tenant {}: frame on {} refused: {}", userId, tenant, connectionId, e.getMessage());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", "error");
            error.put("error", e.getMessage());
            if (channelName != null && channelName.length() <= 80) {
                error.put("channel", channelName);
            }
            channel.sendTo(ctx, connectionId, error);
            return response(status(e), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("user {} of tenant {}: {} on {} failed", userId, tenant, event.eventType(), connectionId, e);
            return response(500, "Internal error");
        }
    }

    private static JsonNode parse(WsEvent event) {
        if (event.base64Encoded()) {
            throw DomainException.badRequest("Binary frames are not part of the protocol");
        }
        String body = event.body();
        if (body == null || body.isBlank()) {
            throw DomainException.badRequest("Empty frame");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > AgentChannel.MAX_MESSAGE_BYTES) {
            throw DomainException.badRequest("Frame exceeds the 128 KB message limit");
        }
        try {
            JsonNode frame = JSON.readTree(body);
            if (frame == null || !frame.isObject()) {
                throw DomainException.badRequest("Malformed frame: expected a JSON object");
            }
            return frame;
        } catch (JsonProcessingException e) {
            throw DomainException.badRequest("Malformed frame: expected a JSON object");
        }
    }

    private static int status(DomainException e) {
        return switch (e.kind()) {
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case UNAUTHENTICATED -> 401;
            default -> 400;
        };
    }

    private static Map<String, Object> response(int status, String error) {
        try {
            return Map.of("statusCode", status, "body", JSON.writeValueAsString(Map.of("error", error)));
        } catch (JsonProcessingException e) {
            return Map.of("statusCode", status);
        }
    }
}
