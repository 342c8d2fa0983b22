package cloud.patchmon.local.ws;

import cloud.patchmon.core.realtime.AgentChannel;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.ConnectionGoneException;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * An API Gateway WebSocket API on the local stack's port (the agents API and the browsers' {@code ui} API, each an
 * instance with its {@link Api} settings): the upgrade runs the REQUEST authorizer and the
 * {@code $connect} route with the events API Gateway would send ({@link WsEvents}), refusing with 401/403 (or the
 * route's status) as it would; each text frame goes to the route its {@code type} selects (route selection
 * {@code $request.body.type}, {@code $default} when the API has no such route), a close to {@code $disconnect}. Limits are
 * API Gateway's: 128 KB messages (a bigger one closes the connection with 1009), the idle timeout (every frame, ping
 * included, counts as activity) and the maximum connection duration (closed with 1001 "Going away"). Pings are
 * answered by the container. It is also the local {@link ConnectionGateway}: a post writes to the live session.
 */
public final class WebSocketApiEmulator implements ConnectionGateway {

    /** The agents API's path (AGENT-PROTOCOL.md): identity sources {@code X-API-ID} and {@code X-API-KEY} headers. */
    public static final String AGENTS_PATH = "/api/v1/agents/ws";
    /** The browsers' API: identity source the {@code ticket} query parameter. */
    public static final String UI_PATH = "/api/v1/ws";

    /**
     * What tells one API from another.
     *
     * @param identityHeaders headers the authorizer's identity sources name (API Gateway answers 401 without them)
     * @param identityQuery   query parameters the identity sources name
     * @param routes          route keys besides {@code $connect}, {@code $disconnect} and {@code $default}
     */
    public record Api(String name, String path, List<String> identityHeaders, List<String> identityQuery, Set<String> routes) {

        public static Api agents() {
            return new Api("agents", AGENTS_PATH, List.of("X-API-ID", "X-API-KEY"), List.of(), Set.of());
        }

        public static Api ui() {
            return new Api("ui", UI_PATH, List.of(), List.of("ticket"), Set.of("subscribe", "unsubscribe"));
        }
    }
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketApiEmulator.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper ROUTE_JSON = new ObjectMapper();

    /** API Gateway's connection limits; tests shorten the durations. */
    public record Limits(Duration idleTimeout, Duration maxDuration) {
    }

    private record Live(Session session, ScheduledFuture<?> maxAge, Map<String, Object> context) {
    }

    private final Api api;
    private final RequestHandler<Map<String, Object>, Map<String, Object>> authorizer;
    private final RequestHandler<Map<String, Object>, Map<String, Object>> routes;
    private final Limits limits;
    private final Clock clock;
    private final WsEvents events;
    private final ScheduledExecutorService timers;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final OpenedListener opened;
    private final LongAdder authorizerInvocations = new LongAdder();
    private final LongAdder routeInvocations = new LongAdder();
    private final LongAdder posted = new LongAdder();

    /**
     * Told, off the connection's thread, once a connection is open and can be posted to: API Gateway refuses posts
     * to a connection whose {@code $connect} has not returned, so work for a new connection waits for this.
     */
    public interface OpenedListener {
        void opened(String connectionId, Map<String, Object> authorizerContext);
    }

    public WebSocketApiEmulator(Api api, RequestHandler<Map<String, Object>, Map<String, Object>> authorizer,
                                   Function<ConnectionGateway, RequestHandler<Map<String, Object>, Map<String, Object>>> routes,
                                   Limits limits, Clock clock, ScheduledExecutorService timers) {
        this(api, authorizer, routes, limits, clock, timers, (connectionId, context) -> { });
    }

    public WebSocketApiEmulator(Api api, RequestHandler<Map<String, Object>, Map<String, Object>> authorizer,
                                Function<ConnectionGateway, RequestHandler<Map<String, Object>, Map<String, Object>>> routes,
                                Limits limits, Clock clock, ScheduledExecutorService timers, OpenedListener opened) {
        this.api = api;
        this.authorizer = authorizer;
        this.opened = opened;
        // The routes may answer their own client (the ui API's subscribe): through this emulator, as API Gateway's
        // handlers answer through its Management API.
        this.routes = routes.apply(this);
        this.limits = limits;
        this.clock = clock;
        this.events = new WsEvents(clock);
        this.timers = timers;
    }

    public Api api() {
        return api;
    }

    /**
     * What API Gateway would bill and what the functions behind it would be invoked for, so far: authorizer and
     * route (connect, message, disconnect) invocations, and messages posted to connections.
     */
    public record Meter(long authorizerInvocations, long routeInvocations, long messagesPosted) {

        public Meter minus(Meter earlier) {
            return new Meter(authorizerInvocations - earlier.authorizerInvocations, routeInvocations - earlier.routeInvocations,
                    messagesPosted - earlier.messagesPosted);
        }
    }

    public Meter meter() {
        return new Meter(authorizerInvocations.sum(), routeInvocations.sum(), posted.sum());
    }

    /** Handles an upgrade request to the API's path: what API Gateway does between the client's GET and the 101. */
    void upgrade(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String connectionId = newConnectionId();
        Instant connectedAt = clock.instant();
        // API Gateway checks the authorizer's identity sources itself and answers 401 without invoking it.
        if (api.identityHeaders().stream().anyMatch(h -> isEmpty(request.getHeader(h)))
                || api.identityQuery().stream().anyMatch(q -> isEmpty(request.getParameter(q)))) {
            refuse(response, 401, "Unauthorized");
            return;
        }
        Map<String, Object> authorization;
        authorizerInvocations.increment();
        try {
            authorization = authorizer.handleRequest(events.authorizer(request, connectionId, connectedAt), null);
        } catch (RuntimeException e) {
            boolean unauthorized = "Unauthorized".equals(e.getMessage());
            if (!unauthorized) {
                LOG.error("{} authorizer failed", api.name(), e);
            }
            refuse(response, unauthorized ? 401 : 500, unauthorized ? "Unauthorized" : "Internal server error");
            return;
        }
        if (!WsEvents.allows(authorization)) {
            refuse(response, 403, "Forbidden");
            return;
        }
        Map<String, Object> context = WsEvents.authorizerContext(authorization);
        int status = statusOf(invokeRoutes(events.connect(request, connectionId, connectedAt, context)));
        if (status / 100 != 2) {
            refuse(response, status, switch (status) {
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                default -> "Internal server error";
            });
            return;
        }
        String sourceIp = events.sourceIp(request);
        ServerContainer container = (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Connection.class, api.path())
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(new Connection(connectionId, connectedAt, context, sourceIp));
                    }
                })
                .build();
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException | IOException | RuntimeException e) {
            LOG.error("upgrade of {} connection {} failed", api.name(), connectionId, e);
            invokeRoutes(events.disconnect(connectionId, connectedAt, context, 1006, "Upgrade failed"));
            if (!response.isCommitted()) {
                refuse(response, 500, "Internal server error");
            }
        }
    }

    /** The test hook: ends a connection as a network failure or API Gateway's own cut would. */
    public boolean drop(String connectionId) {
        Live connection = live.get(connectionId);
        if (connection == null) {
            return false;
        }
        close(connection.session(), CloseReason.CloseCodes.GOING_AWAY, "Dropped");
        return true;
    }

    public Set<String> connectionIds() {
        return Set.copyOf(live.keySet());
    }

    /** DeleteConnection: closes as API Gateway does (1001 "Going away"); an unknown connection is no error. */
    @Override
    public void disconnect(String connectionId) {
        Live connection = live.get(connectionId);
        if (connection != null) {
            close(connection.session(), CloseReason.CloseCodes.GOING_AWAY, "Going away");
        }
    }

    /**
     * The test hook by authorizer context: drops every connection whose {@code $connect} authorizer returned
     * {@code key = value} (e.g. an agent's {@code hostId}).
     *
     * @return how many were dropped
     */
    public int dropWhere(String key, String value) {
        int dropped = 0;
        for (Live connection : live.values()) {
            if (value.equals(connection.context().get(key))) {
                close(connection.session(), CloseReason.CloseCodes.GOING_AWAY, "Dropped");
                dropped++;
            }
        }
        return dropped;
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    @Override
    public void post(String connectionId, String message) {
        if (message.getBytes(StandardCharsets.UTF_8).length > AgentChannel.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("PayloadTooLargeException: message exceeds 128 KB");
        }
        Live connection = live.get(connectionId);
        if (connection == null || !connection.session().isOpen()) {
            throw new ConnectionGoneException(connectionId);
        }
        try {
            synchronized (connection.session()) {
                connection.session().getBasicRemote().sendText(message);
            }
            posted.increment();
        } catch (IOException | IllegalStateException e) {
            throw new ConnectionGoneException(connectionId);
        }
    }

    private Map<String, Object> invokeRoutes(Map<String, Object> event) {
        try {
            return routes.handleRequest(event, null);
        } catch (RuntimeException e) {
            LOG.error("{} route {} failed", api.name(), WsEvents.routeKey(event), e);
            return Map.of("statusCode", 500);
        } finally {
            // counted once handled, so a reader that sees the count also sees what the route posted
            routeInvocations.increment();
        }
    }

    private static int statusOf(Map<String, Object> result) {
        return result != null && result.get("statusCode") instanceof Number n ? n.intValue() : 500;
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"message\":\"" + message + "\"}");
    }

    private static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException e) {
            LOG.debug("closing {} failed", session.getId(), e);
        }
    }

    /** 12 random bytes in base64, the shape of API Gateway's connection ids ({@code L0SM9cOFvHcCIhw=}). */
    private static String newConnectionId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** {@code $request.body.type}: a JSON object's {@code type} naming one of the API's routes, else {@code $default}. */
    private String routeOf(String text) {
        if (api.routes().isEmpty()) {
            return "$default";
        }
        try {
            JsonNode body = ROUTE_JSON.readTree(text);
            JsonNode type = body == null ? null : body.get("type");
            return type != null && type.isTextual() && api.routes().contains(type.asText()) ? type.asText() : "$default";
        } catch (IOException e) {
            return "$default";
        }
    }

    /** One client's connection; the container builds one per upgrade through the configurator above. */
    final class Connection extends Endpoint {

        private final String connectionId;
        private final Instant connectedAt;
        private final Map<String, Object> context;
        private final String sourceIp;

        Connection(String connectionId, Instant connectedAt, Map<String, Object> context, String sourceIp) {
            this.connectionId = connectionId;
            this.connectedAt = connectedAt;
            this.context = context;
            this.sourceIp = sourceIp;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxIdleTimeout(limits.idleTimeout().toMillis());
            session.setMaxTextMessageBufferSize(AgentChannel.MAX_MESSAGE_BYTES);
            session.setMaxBinaryMessageBufferSize(AgentChannel.MAX_MESSAGE_BYTES);
            ScheduledFuture<?> maxAge = timers.schedule(() -> close(session, CloseReason.CloseCodes.GOING_AWAY, "Going away"),
                    limits.maxDuration().toMillis(), TimeUnit.MILLISECONDS);
            live.put(connectionId, new Live(session, maxAge, context));
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                    invokeRoutes(events.message(routeOf(text), connectionId, connectedAt, context, sourceIp, text, false)));
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> {
                byte[] data = new byte[bytes.remaining()];
                bytes.get(data);
                invokeRoutes(events.message("$default", connectionId, connectedAt, context, sourceIp, Base64.getEncoder().encodeToString(data), true));
            });
            timers.execute(() -> {
                try {
                    opened.opened(connectionId, context);
                } catch (RuntimeException e) {
                    LOG.error("work for the new agent connection {} failed", connectionId, e);
                }
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            Live connection = live.remove(connectionId);
            if (connection != null) {
                connection.maxAge().cancel(false);
            }
            invokeRoutes(events.disconnect(connectionId, connectedAt, context, reason.getCloseCode().getCode(), reason.getReasonPhrase()));
        }

        @Override
        public void onError(Session session, Throwable error) {
            LOG.debug("{} connection {}: {}", api.name(), connectionId, error.toString());
        }
    }
}
