package cloud.patchmon.api.security;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.tenants.TenantPlanService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses a {@link RequiresModule} route, before its controller changes anything, when the tenant's plan lacks a module. */
@Component
public class ModuleGateInterceptor implements HandlerInterceptor {

    private final TenantPlanService plans;

    public ModuleGateInterceptor(TenantPlanService plans) {
        this.plans = plans;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequiresModule required = method.getMethodAnnotation(RequiresModule.class);
        if (required == null) {
            required = method.getBeanType().getAnnotation(RequiresModule.class);
        }
        if (required == null) {
            return true;
        }
        // Access control runs first and always finds a principal for a gated route; without one, fail closed.
        RequestPrincipal principal = RequestPrincipal.of(request)
                .orElseThrow(() -> DomainException.forbidden("Insufficient permissions"));
        plans.require(principal.context(), required.value());
        return true;
    }
}
