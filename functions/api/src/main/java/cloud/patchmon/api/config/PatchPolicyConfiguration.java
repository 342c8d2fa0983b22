package cloud.patchmon.api.config;

import cloud.patchmon.core.patching.policies.PatchPolicyService;
import cloud.patchmon.core.patching.policies.PlanPolicies;
import cloud.patchmon.core.patching.policies.PolicyResolver;
import cloud.patchmon.core.tenants.TenantPlanService;
import cloud.patchmon.core.storage.ItemStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Patch policies (chapter 10): the policy editor and which policy is in effect for a host when a run is triggered. */
@Configuration(proxyBeanMethods = false)
public class PatchPolicyConfiguration {

    @Bean
    public PolicyResolver policyResolver(ItemStore store) {
        return new PolicyResolver(store);
    }

    /** The {@link cloud.patchmon.core.patching.EffectivePolicies} port the run trigger and the preview use. */
    @Bean
    public PlanPolicies effectivePolicies(PolicyResolver resolver, TenantPlanService plans) {
        return new PlanPolicies(resolver, plans);
    }

    @Bean
    public PatchPolicyService patchPolicyService(ItemStore store, Clock clock) {
        return new PatchPolicyService(store, clock);
    }
}
