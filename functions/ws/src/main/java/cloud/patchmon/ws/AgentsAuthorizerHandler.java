package cloud.patchmon.ws;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.AgentAuthenticator.AuthenticatedHost;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The agents API's {@code $connect} REQUEST authorizer: the agent's {@code X-API-ID}/{@code X-API-KEY} upgrade
 * headers, verified exactly as on REST (same {@link AgentAuthenticator}, same cache that spares bcrypt on redials).
 * Allowed connections carry the tenant and host in the authorizer context, which API Gateway hands to every later
 * event of the connection; nothing the client sends afterwards can change them.
 */
public final class AgentsAuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** API Gateway answers 401 when an authorizer fails with exactly this message. */
    static final String UNAUTHORIZED = "Unauthorized";
    public static final String TENANT = "tenantId";
    public static final String HOST = "hostId";
    private static final Logger LOG = LoggerFactory.getLogger(AgentsAuthorizerHandler.class);

    private final AgentAuthenticator authenticator;

    /** The runtime's constructor: storage from the function's environment. */
    public AgentsAuthorizerHandler() {
        this(WsRuntime.instance().authenticator());
    }

    public AgentsAuthorizerHandler(AgentAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        WsEvent event = new WsEvent(input);
        if (event.methodArn() == null) {
            throw new IllegalStateException(UNAUTHORIZED);
        }
        AuthenticatedHost host;
        try {
            host = authenticator.authenticate(event.header("X-API-ID"), event.header("X-API-KEY"));
        } catch (DomainException e) {
            LOG.info("agent connection refused from {}: {}", event.sourceIp(), e.getMessage());
            throw new IllegalStateException(UNAUTHORIZED);
        }
        return Map.of(
                "principalId", host.host().id(),
                "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "execute-api:Invoke",
                        "Effect", "Allow",
                        "Resource", event.methodArn()))),
                "context", Map.of(TENANT, host.context().tenantId().value(), HOST, host.host().id()));
    }
}
