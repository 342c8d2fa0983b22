package cloud.patchmon.core.tenants;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The capability modules of a tenant's plan, set by the cloud's operator, never by the tenant.
 *
 * @param modules module keys; a key this build does not know (stored by a newer one) is ignored
 */
public record TenantPlan(List<String> modules) {

    public TenantPlan {
        modules = modules == null ? List.of() : List.copyOf(modules);
    }

    public static TenantPlan of(Set<PlanModule> modules) {
        return new TenantPlan(modules.stream().sorted().map(PlanModule::key).toList());
    }

    /** Every module: the plan of a tenant the operator never restricted. */
    public static TenantPlan all() {
        return of(EnumSet.allOf(PlanModule.class));
    }

    public Set<PlanModule> enabled() {
        Set<PlanModule> enabled = EnumSet.noneOf(PlanModule.class);
        modules.forEach(key -> PlanModule.fromKey(key).ifPresent(enabled::add));
        return enabled;
    }
}
