package cloud.patchmon.api.security;

import cloud.patchmon.core.tenants.PlanModule;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The route (or every route of the controller) serves only tenants whose plan includes all these modules; checked by
 * {@link ModuleGateInterceptor} after {@link AccessControlInterceptor} has found the tenant. Agent routes never carry
 * it: a run already started must be able to finish whatever the plan says now.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresModule {
    PlanModule[] value();
}
