package cloud.patchmon.api.config;

import cloud.patchmon.core.ratelimit.Limit;
import cloud.patchmon.core.ratelimit.RateLimits;
import cloud.patchmon.core.ratelimit.RequestLimits;
import cloud.patchmon.core.storage.ItemStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** Request limits, configured from {@code patchmon.ratelimit.*} (see application.properties). */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

    @Bean
    public RequestLimits.ServerLimits serverLimits(@Value("${patchmon.ratelimit.general}") int general,
                                                   @Value("${patchmon.ratelimit.general-window}") Duration generalWindow,
                                                   @Value("${patchmon.ratelimit.auth}") int auth,
                                                   @Value("${patchmon.ratelimit.auth-window}") Duration authWindow,
                                                   @Value("${patchmon.ratelimit.agent}") int agent,
                                                   @Value("${patchmon.ratelimit.agent-window}") Duration agentWindow) {
        Limit generalLimit = Limit.of(general, generalWindow);
        return new RequestLimits.ServerLimits(Limit.of(auth, authWindow), generalLimit,
                new RateLimits(generalLimit, Limit.of(agent, agentWindow), RateLimits.PASSWORD_CHANGE));
    }

    @Bean
    public RequestLimits requestLimits(ItemStore store, Clock clock, RequestLimits.ServerLimits server) {
        return new RequestLimits(store, clock, server);
    }
}
