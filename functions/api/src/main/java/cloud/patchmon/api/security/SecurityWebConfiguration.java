package cloud.patchmon.api.security;

import cloud.patchmon.api.ratelimit.RateLimitInterceptor;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Puts access control, then the request limits and the plan's module gate (which need the tenant it resolved), in front
 * of every controller.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityWebConfiguration implements WebMvcConfigurer {

    private final AccessControlInterceptor accessControl;
    private final RateLimitInterceptor rateLimits;
    private final ModuleGateInterceptor moduleGate;
    private final CurrentUserResolver currentUser;

    public SecurityWebConfiguration(AccessControlInterceptor accessControl, RateLimitInterceptor rateLimits, ModuleGateInterceptor moduleGate,
                                    CurrentUserResolver currentUser) {
        this.accessControl = accessControl;
        this.moduleGate = moduleGate;
        this.rateLimits = rateLimits;
        this.currentUser = currentUser;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(accessControl);
        registry.addInterceptor(rateLimits);
        registry.addInterceptor(moduleGate);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(currentUser);
    }
}
