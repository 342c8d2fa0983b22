package cloud.patchmon.api.security;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.enrollment.AutoEnrollmentService;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.integrations.IntegrationAuthenticator;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands controllers the {@link AuthenticatedUser}, agent host, enrollment token or integration credential the interceptor resolved. */
@Component
public class CurrentUserResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AuthenticatedUser.class || parameter.getParameterType() == AgentAuthenticator.AuthenticatedHost.class
                || parameter.getParameterType() == AutoEnrollmentService.AuthenticatedToken.class
                || parameter.getParameterType() == IntegrationAuthenticator.Credential.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        if (parameter.getParameterType() == AgentAuthenticator.AuthenticatedHost.class) {
            Object host = request.getAttribute(AccessControlInterceptor.CURRENT_HOST, RequestAttributes.SCOPE_REQUEST);
            if (host == null) {
                throw DomainException.unauthenticated("API credentials required");
            }
            return host;
        }
        if (parameter.getParameterType() == AutoEnrollmentService.AuthenticatedToken.class) {
            Object token = request.getAttribute(AccessControlInterceptor.CURRENT_ENROLLMENT_TOKEN, RequestAttributes.SCOPE_REQUEST);
            if (token == null) {
                throw DomainException.unauthenticated("Auto-enrollment credentials required");
            }
            return token;
        }
        if (parameter.getParameterType() == IntegrationAuthenticator.Credential.class) {
            Object credential = request.getAttribute(AccessControlInterceptor.CURRENT_INTEGRATION, RequestAttributes.SCOPE_REQUEST);
            if (credential == null) {
                throw DomainException.unauthenticated("Missing or invalid authorization header");
            }
            return credential;
        }
        Object user = request.getAttribute(AccessControlInterceptor.CURRENT_USER, RequestAttributes.SCOPE_REQUEST);
        if (user == null) {
            throw DomainException.unauthenticated("Access token required");
        }
        return user;
    }
}
