package cloud.patchmon.core.patching.policies;

import cloud.patchmon.core.patching.EffectivePolicies;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.PlanModule;
import cloud.patchmon.core.tenants.TenantPlanService;

import java.util.Optional;

/**
 * The effective policy as the tenant's plan allows it (admin guide ch. 10, "Module Gate"): without the
 * patching_policies module runs still trigger but run immediately, so every host is on the Default policy whatever
 * assignments were stored while the plan had the module.
 */
public final class PlanPolicies implements EffectivePolicies {

    private final PolicyResolver resolver;
    private final TenantPlanService plans;

    public PlanPolicies(PolicyResolver resolver, TenantPlanService plans) {
        this.resolver = resolver;
        this.plans = plans;
    }

    @Override
    public PolicySnapshot effectiveFor(TenantContext ctx, String hostId) {
        return withPolicies(ctx) ? resolver.effectiveFor(ctx, hostId) : PolicySnapshot.DEFAULT;
    }

    /** As {@link PolicyResolver#resolve}: empty when the host is not the tenant's. */
    public Optional<PolicySnapshot> resolve(TenantContext ctx, String hostId) {
        Optional<PolicySnapshot> resolved = resolver.resolve(ctx, hostId);
        return withPolicies(ctx) ? resolved : resolved.map(policy -> PolicySnapshot.DEFAULT);
    }

    private boolean withPolicies(TenantContext ctx) {
        return plans.modules(ctx).contains(PlanModule.PATCHING_POLICIES);
    }
}
