package cloud.patchmon.ws;

import cloud.patchmon.core.realtime.WsTickets;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ui} API's {@code $connect} REQUEST authorizer: the browser's one-time ticket from
 * {@code POST /api/v1/auth/ws-ticket}, in the {@code ticket} query parameter (browsers cannot set headers on an
 * upgrade). Taking the ticket consumes it, so a replay, an expired or a made-up ticket is refused (401) and logged.
 * WebSocket API authorizers have no result cache, so an Allow is never reused for a second connection.
 */
public final class UiAuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public static final String TENANT = "tenantId";
    public static final String USER = "userId";
    private static final Logger LOG = LoggerFactory.getLogger(UiAuthorizerHandler.class);

    private final WsTickets tickets;

    /** The runtime's constructor: storage from the function's environment. */
    public UiAuthorizerHandler() {
        this(WsRuntime.instance().tickets());
    }

    public UiAuthorizerHandler(WsTickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        WsEvent event = new WsEvent(input);
        if (event.methodArn() == null) {
            throw new IllegalStateException(AgentsAuthorizerHandler.UNAUTHORIZED);
        }
        Optional<WsTickets.Holder> holder = tickets.consume(event.query("ticket"));
        if (holder.isEmpty()) {
            LOG.info("browser connection refused from {}: ticket missing, replayed, expired or unknown", event.sourceIp());
            throw new IllegalStateException(AgentsAuthorizerHandler.UNAUTHORIZED);
        }
        return Map.of(
                "principalId", holder.get().userId(),
                "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "execute-api:Invoke",
                        "Effect", "Allow",
                        "Resource", event.methodArn()))),
                "context", Map.of(TENANT, holder.get().tenantId().value(), USER, holder.get().userId()));
    }
}
