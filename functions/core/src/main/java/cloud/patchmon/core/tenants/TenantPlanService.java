package cloud.patchmon.core.tenants;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Set;

/**
 * The tenant's plan: which capability modules its routes serve. There is deliberately no tenant-facing way to change it;
 * the cloud's operator sets it through {@link #setModules}.
 */
public final class TenantPlanService {

    private final TenantRepository tenants;

    public TenantPlanService(ItemStore store) {
        this.tenants = new TenantRepository(store);
    }

    /** The enabled modules; all of them when the operator never set a plan, so tenants created before plans keep everything. */
    public Set<PlanModule> modules(TenantContext ctx) {
        return tenants.plan(ctx).orElseGet(TenantPlan::all).enabled();
    }

    public Set<PlanModule> setModules(TenantContext ctx, Set<PlanModule> modules) {
        TenantPlan plan = TenantPlan.of(modules);
        tenants.savePlan(ctx, plan);
        return plan.enabled();
    }

    /** Refuses (403) unless every named module is on the tenant's plan. */
    public void require(TenantContext ctx, PlanModule... required) {
        Set<PlanModule> enabled = modules(ctx);
        for (PlanModule module : required) {
            if (!enabled.contains(module)) {
                throw DomainException.forbidden("The " + module.key() + " module is not enabled on your plan");
            }
        }
    }
}
