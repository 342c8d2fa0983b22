package cloud.patchmon.ws;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.health.AgentPresence;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.realtime.AgentMessages;
import cloud.patchmon.core.realtime.ConnectFollowUp;
import cloud.patchmon.core.realtime.LambdaConnectFollowUp;
import cloud.patchmon.core.retry.Sleeper;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.json.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * The agents API's routes: {@code $connect} records the connection, {@code $disconnect} removes it, {@code $default}
 * takes every agent frame (route selection {@code $request.body.type} finds no other route). The tenant and host come
 * from the authorizer context only. A refused frame is answered with a 4xx and logged; an unexpected failure is
 * logged and answered 500 without its text, so one bad frame never takes the function down.
 *
 * <p>A {@code $connect} of a host with delayed jobs asks for a {@link ConnectFollowUp}: API Gateway refuses
 * PostToConnection until {@code $connect} has returned, so in AWS the jobs go out from a second, asynchronous
 * invocation of this function ({@link LambdaConnectFollowUp}'s payload, which has no {@code requestContext}).
 */
public final class AgentsRoutesHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(AgentsRoutesHandler.class);
    private static final ObjectMapper JSON = Json.newMapper();

    /** How long a follow-up waits before each of its two attempts: the {@code $connect} it follows must have returned. */
    static final Duration FOLLOW_UP_WAIT = Duration.ofSeconds(1);

    /** The agent job services whose sends reach connections of one agents API stage. */
    @FunctionalInterface
    public interface StageJobs {
        AgentJobs of(String apiId, String stage);
    }

    private final AgentPresence connections;
    private final AgentMessages messages;
    private final AgentJobs queue;
    private final StageJobs jobs;
    private final ConnectFollowUp followUp;
    private final Sleeper sleeper;

    /** The runtime's constructor: storage from the function's environment. */
    public AgentsRoutesHandler() {
        this(WsRuntime.instance().presence(), WsRuntime.instance().messages(), WsRuntime.instance().queue(),
                WsRuntime.instance().stageJobs(), WsRuntime.instance().followUp(), Sleeper.THREAD);
    }

    /**
     * @param queue the agent jobs a {@code $connect} looks up (whether the host has delayed ones)
     * @param jobs  the agent jobs a follow-up delivers with, posting to its {@code $connect}'s stage
     */
    public AgentsRoutesHandler(AgentPresence connections, AgentMessages messages, AgentJobs queue, StageJobs jobs,
                               ConnectFollowUp followUp, Sleeper sleeper) {
        this.connections = connections;
        this.messages = messages;
        this.queue = queue;
        this.jobs = jobs;
        this.followUp = followUp;
        this.sleeper = sleeper;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        if (input != null && LambdaConnectFollowUp.DELIVER_PENDING.equals(input.get(LambdaConnectFollowUp.MARKER))) {
            return followUp(input);
        }
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
                case "CONNECT" -> {
                    connections.connected(ctx, hostId, connectionId,
                            "https".equalsIgnoreCase(event.header("X-Forwarded-Proto")), event.sourceIp());
                    askForDelivery(ctx, hostId, new ConnectFollowUp.Connection(connectionId, event.apiId(), event.stage()));
                }
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

    /** Never refuses the connect: without a follow-up the jobs stay delayed until the next one. */
    private void askForDelivery(TenantContext ctx, String hostId, ConnectFollowUp.Connection connection) {
        try {
            if (queue.hasDelayed(ctx, hostId)) {
                followUp.afterConnect(ctx, hostId, connection);
            }
        } catch (RuntimeException e) {
            LOG.error("host {} of tenant {}: no follow-up for connection {}", hostId, ctx.tenantId(), connection.connectionId(), e);
        }
    }

    /**
     * Delivers the host's delayed jobs to the connection its {@code $connect} recorded, once that has returned; a second
     * attempt after another wait covers a connection API Gateway had not opened yet (it answers Gone). A follow-up
     * for a connection that is no longer the host's current one sends nothing. Never throws: Lambda would retry an
     * asynchronous invocation that failed, and the jobs are safe as delayed.
     */
    private Map<String, Object> followUp(Map<String, Object> input) {
        String tenant = text(input.get("tenant_id"));
        String hostId = text(input.get("host_id"));
        String connectionId = text(input.get("connection_id"));
        String apiId = text(input.get("api_id"));
        String stage = text(input.get("stage"));
        if (tenant == null || hostId == null || connectionId == null || apiId == null || stage == null) {
            LOG.warn("follow-up without its tenant, host, connection or stage ignored");
            return Map.of("statusCode", 400);
        }
        try {
            TenantContext ctx = new TenantContext(new TenantId(tenant), new TenantContext.Principal(TenantContext.Principal.Kind.HOST, hostId));
            AgentJobs stageJobs = jobs.of(apiId, stage);
            int waiting = 0;
            for (int attempt = 0; attempt < 2; attempt++) {
                sleeper.sleep(FOLLOW_UP_WAIT);
                waiting = stageJobs.deliverPendingTo(ctx, hostId, connectionId);
                if (waiting == 0) {
                    break;
                }
            }
            if (waiting > 0) {
                LOG.info("host {} of tenant {}: {} delayed jobs still waiting after the follow-up of connection {}", hostId, tenant,
                        waiting, connectionId);
            }
            return Map.of("statusCode", 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of("statusCode", 500);
        } catch (RuntimeException e) {
            LOG.error("host {} of tenant {}: follow-up of connection {} failed", hostId, tenant, connectionId, e);
            return Map.of("statusCode", 500);
        }
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static Map<String, Object> response(int status, String error) {
        try {
            return Map.of("statusCode", status, "body", JSON.writeValueAsString(Map.of("error", error)));
        } catch (JsonProcessingException e) {
            return Map.of("statusCode", status);
        }
    }
}
