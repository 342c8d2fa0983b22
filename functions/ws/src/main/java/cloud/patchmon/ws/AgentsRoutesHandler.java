package cloud.patchmon.ws;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.health.AgentPresence;
import cloud.patchmon.core.realtime.AgentMessages;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.json.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The agents API's routes: {@code $connect} records the connection, {@code $disconnect} removes it, {@code $default}
 * takes every agent frame (route selection {@code $request.body.type} finds no other route). The tenant and host come
 * from the authorizer context only. A refused frame is answered with a 4xx and logged; an unexpected failure is
 * logged and answered 500 without its text, so one bad frame never takes the function down.
 */
public final class AgentsRoutesHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(AgentsRoutesHandler.class);
    private static final ObjectMapper JSON = Json.newMapper();

    private final AgentPresence connections;
    private final AgentMessages messages;

    /** The runtime's constructor: storage from the function's environment. */
    public AgentsRoutesHandler() {
        this(WsRuntime.instance().presence(), WsRuntime.instance().messages());
    }

    public AgentsRoutesHandler(AgentPresence connections, AgentMessages messages) {
        this.connections = connections;
        this.messages = messages;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        WsEvent event = new WsEvent(input);
        String tenant = event.authorizer(AgentsAuthorizerHandler.TENANT);
        String hostId = event.authorizer(AgentsAuthorizerHandler.HOST);
        String connectionId = event.connectionId();
        if (tenant == null || hostId == null || connectionId == null) {
            LOG.warn("{} event without an authorised connection refused", event.routeKey());
            return response(401, "Unauthorized");
        }
        try {
            TenantContext ctx = new TenantContext(new TenantId(tenant), new TenantContext.Principal(TenantContext.Principal.Kind.HOST, hostId));
            switch (String.valueOf(event.eventType())) {
                case "CONNECT" -> connections.connected(ctx, hostId, connectionId,
                        "https".equalsIgnoreCase(event.header("X-Forwarded-Proto")), event.sourceIp());
                case "DISCONNECT" -> connections.disconnected(ctx, hostId, connectionId);
                case "MESSAGE" -> {
                    if (event.base64Encoded()) {
                        throw DomainException.badRequest("Binary frames are not part of the protocol");
                    }
                    messages.accept(ctx, hostId, event.body());
                }
                default -> {
                    return response(400, "Unknown event");
                }
            }
            return Map.of("statusCode", 200);
        } catch (DomainException e) {
            LOG.warn("host {} of tenant {}: frame on {} refused: {}", hostId, tenant, connectionId, e.getMessage());
            return response(e.kind() == DomainException.Kind.FORBIDDEN ? 403 : 400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("host {} of tenant {}: {} on {} failed", hostId, tenant, event.eventType(), connectionId, e);
            return response(500, "Internal error");
        }
    }

    private static Map<String, Object> response(int status, String error) {
        try {
            return Map.of("statusCode", status, "body", JSON.writeValueAsString(Map.of("error", error)));
        } catch (JsonProcessingException e) {
            return Map.of("statusCode", status);
        }
    }
}
