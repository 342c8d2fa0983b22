package cloud.patchmon.api.security;

import cloud.patchmon.api.http.ClientAddress;
import cloud.patchmon.core.auth.AuthService;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.enrollment.AutoEnrollmentService;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.integrations.ApiScopes;
import cloud.patchmon.core.integrations.IntegrationAuthenticator;
import cloud.patchmon.core.ratelimit.RequestLimits;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Enforces every route's access annotation before its controller runs. Deny by default: a route
 * without {@link PublicEndpoint}, {@link SignedIn}, {@link RequiresPermission}, {@link AgentEndpoint},
 * {@link EnrollmentEndpoint} or {@link IntegrationEndpoint} is refused, and a test checks that every registered route carries
 * exactly one of them.
 */
@Component
public class AccessControlInterceptor implements HandlerInterceptor {

    public static final String ACCESS_COOKIE = "patchmon_access";
    static final String CURRENT_USER = AccessControlInterceptor.class.getName() + ".user";
    private static final String BEARER = "Bearer ";

    static final String CURRENT_HOST = AccessControlInterceptor.class.getName() + ".host";
    static final String CURRENT_ENROLLMENT_TOKEN = AccessControlInterceptor.class.getName() + ".enrollmentToken";
    static final String CURRENT_INTEGRATION = AccessControlInterceptor.class.getName() + ".integration";

    private final AuthService auth;
    private final AgentAuthenticator agents;
    private final AutoEnrollmentService enrolment;
    private final IntegrationAuthenticator integrations;
    private final ClientAddress clientAddress;
    private final RequestLimits limits;

    public AccessControlInterceptor(AuthService auth, AgentAuthenticator agents, AutoEnrollmentService enrolment,
                                    IntegrationAuthenticator integrations, ClientAddress clientAddress, RequestLimits limits) {
        this.auth = auth;
        this.agents = agents;
        this.enrolment = enrolment;
        this.integrations = integrations;
        this.clientAddress = clientAddress;
        this.limits = limits;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        if (method.hasMethodAnnotation(PublicEndpoint.class)) {
            return true;
        }
        if (method.hasMethodAnnotation(AgentEndpoint.class)) {
            String apiId = request.getHeader("X-API-ID");
            AgentAuthenticator.AuthenticatedHost host = limitingGuesses(request, apiId,
                    () -> agents.authenticate(apiId, request.getHeader("X-API-KEY")));
            request.setAttribute(CURRENT_HOST, host);
            MDC.put("tenant_id", host.context().tenantId().value());
            MDC.put("host_id", host.host().id());
            return true;
        }
        if (method.hasMethodAnnotation(EnrollmentEndpoint.class)) {
            String key = request.getHeader("X-Auto-Enrollment-Key");
            AutoEnrollmentService.AuthenticatedToken token = limitingGuesses(request, key,
                    () -> enrolment.authenticate(key, request.getHeader("X-Auto-Enrollment-Secret"), clientAddress.of(request)));
            request.setAttribute(CURRENT_ENROLLMENT_TOKEN, token);
            MDC.put("tenant_id", token.context().tenantId().value());
            MDC.put("enrollment_token_id", token.token().id());
            return true;
        }
        IntegrationEndpoint integration = method.getMethodAnnotation(IntegrationEndpoint.class);
        if (integration != null) {
            String authorization = request.getHeader("Authorization");
            IntegrationAuthenticator.Credential credential = limitingGuesses(request, basicUser(authorization),
                    () -> integrations.authenticate(authorization, clientAddress.of(request), integration.type()));
            request.setAttribute(CURRENT_INTEGRATION, credential);
            MDC.put("tenant_id", credential.context().tenantId().value());
            MDC.put("api_credential_id", credential.token().id());
            if (!integration.resource().isEmpty()) {
                ApiScopes.require(credential.token().scopes(), integration.resource(), integration.action());
            }
            return true;
        }
        RequiresPermission required = method.getMethodAnnotation(RequiresPermission.class);
        if (required == null && !method.hasMethodAnnotation(SignedIn.class)) {
            throw DomainException.forbidden("Insufficient permissions");
        }
        String token = accessToken(request);
        if (token == null) {
            throw DomainException.unauthenticated("Access token required");
        }
        AuthenticatedUser user = auth.authenticate(token);
        request.setAttribute(CURRENT_USER, user);
        MDC.put("tenant_id", user.tenantId().value());
        MDC.put("user_id", user.user().id());
        if (required != null && Arrays.stream(required.value()).noneMatch(user::has)) {
            throw DomainException.forbidden("Insufficient permissions");
        }
        return true;
    }

    /**
     * Checks a key, holding guesses at it to the auth limit per client address: a key already known to be over it is
     * refused before its secret is checked (which may cost a bcrypt), and a refused key counts (RequestLimits).
     * Access tokens are not counted: they are signed, not guessable, and expire by the minute.
     */
    private <T> T limitingGuesses(HttpServletRequest request, String keyId, Supplier<T> check) {
        String clientIp = clientAddress.of(request);
        limits.refuseExhaustedKey(clientIp, keyId);
        try {
            return check.get();
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.UNAUTHENTICATED) {
                limits.failedKey(clientIp, keyId);
            }
            throw e;
        }
    }

    /** The key id of a Basic credential (its user name); an undecodable header counts under one shared name. */
    private static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "";
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "malformed";
        }
    }

    /** The bearer token of API clients, else the browser's httpOnly cookie. */
    public static String accessToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).trim();
        }
        return cookie(request, ACCESS_COOKIE);
    }

    public static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        return Arrays.stream(cookies).filter(c -> c.getName().equals(name)).map(Cookie::getValue).findFirst().orElse(null);
    }

}
