package cloud.patchmon.api.security;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.enrollment.AutoEnrollmentService;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.integrations.IntegrationAuthenticator;
import cloud.patchmon.core.tenancy.TenantContext;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Who {@link AccessControlInterceptor} found a request to come from, for concerns that run after it
 * (rate limits): the tenant, and whether the credential is an agent's.
 *
 * @param credential the agent's host id for agents; otherwise the user's or token's id
 */
public record RequestPrincipal(TenantContext context, boolean agent, String credential) {

    public static Optional<RequestPrincipal> of(HttpServletRequest request) {
        if (request.getAttribute(AccessControlInterceptor.CURRENT_HOST) instanceof AgentAuthenticator.AuthenticatedHost host) {
            return Optional.of(new RequestPrincipal(host.context(), true, host.host().id()));
        }
        if (request.getAttribute(AccessControlInterceptor.CURRENT_USER) instanceof AuthenticatedUser user) {
            return Optional.of(new RequestPrincipal(user.context(), false, user.user().id()));
        }
        if (request.getAttribute(AccessControlInterceptor.CURRENT_ENROLLMENT_TOKEN) instanceof AutoEnrollmentService.AuthenticatedToken token) {
            return Optional.of(new RequestPrincipal(token.context(), false, token.token().id()));
        }
        if (request.getAttribute(AccessControlInterceptor.CURRENT_INTEGRATION) instanceof IntegrationAuthenticator.Credential credential) {
            return Optional.of(new RequestPrincipal(credential.context(), false, credential.token().id()));
        }
        return Optional.empty();
    }
}
