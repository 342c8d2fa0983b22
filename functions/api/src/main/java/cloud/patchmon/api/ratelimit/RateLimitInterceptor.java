package cloud.patchmon.api.ratelimit;

import cloud.patchmon.api.http.ClientAddress;
import cloud.patchmon.api.security.RequestPrincipal;
import cloud.patchmon.core.ratelimit.RequestLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Optional;

/**
 * Counts every request against one limit of {@link RequestLimits} before its controller runs, and
 * refuses it with 429 and {@code Retry-After} when that limit is used up. It runs after access
 * control, so the credential has already named the tenant: requests refused there (401/403) are
 * not counted here, and routes under {@code /api/v1/auth} count per IP whoever is signed in.
 */
@Component
public class RateLimitInterceptor implements HandlerInterceptor {

    private static final String AUTH_ROUTES = "/api/v1/auth/";

    private final RequestLimits limits;
    private final ClientAddress clientAddress;

    public RateLimitInterceptor(RequestLimits limits, ClientAddress clientAddress) {
        this.limits = limits;
        this.clientAddress = clientAddress;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || method.hasMethodAnnotation(Unlimited.class)) {
            return true;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern instanceof String route && route.startsWith(AUTH_ROUTES)) {
            limits.auth(clientAddress.of(request));
            return true;
        }
        Optional<RequestPrincipal> principal = RequestPrincipal.of(request);
        if (principal.isEmpty()) {
            limits.anonymous(clientAddress.of(request));
        } else if (principal.get().agent()) {
            limits.agent(principal.get().context(), principal.get().credential());
        } else {
            limits.tenantClient(principal.get().context(), clientAddress.of(request));
        }
        return true;
    }
}
