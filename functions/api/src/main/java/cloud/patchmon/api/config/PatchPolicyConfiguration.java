package cloud.patchmon.api.config;

import cloud.patchmon.core.patching.EffectivePolicies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Patch policies (chapter 10): which policy is in effect for a host when a run is triggered. */
@Configuration(proxyBeanMethods = false)
public class PatchPolicyConfiguration {

    /** Until policies can be created every host is on the implicit Default (immediate) policy. */
    @Bean
    public EffectivePolicies effectivePolicies() {
        return EffectivePolicies.DEFAULT_ONLY;
    }
}
