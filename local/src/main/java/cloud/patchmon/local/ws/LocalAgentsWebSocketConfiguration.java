package cloud.patchmon.local.ws;

import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentConnections;
import cloud.patchmon.core.realtime.AgentMessages;
import cloud.patchmon.core.realtime.CommandAckRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.ws.AgentsAuthorizerHandler;
import cloud.patchmon.ws.AgentsRoutesHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The agents WebSocket API on the stack's own port, handled by the {@code ws} function's handlers built on the same
 * services the API uses (one {@link AgentAuthenticator}, so REST check-ins and dials share its cache).
 */
@Configuration(proxyBeanMethods = false)
public class LocalAgentsWebSocketConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService agentsWebSocketTimers() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agents-ws-timers");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    public AgentsWebSocketEmulator agentsWebSocketEmulator(AgentAuthenticator authenticator, AgentConnections connections, ItemStore store,
                                                           Clock clock, ScheduledExecutorService agentsWebSocketTimers,
                                                           @Value("${patchmon.local.ws.idle-timeout:10m}") Duration idleTimeout,
                                                           @Value("${patchmon.local.ws.max-connection-duration:2h}") Duration maxDuration) {
        return new AgentsWebSocketEmulator(new AgentsAuthorizerHandler(authenticator),
                new AgentsRoutesHandler(connections, new AgentMessages(new CommandAckRepository(store), Json.newMapper(), clock)),
                new AgentsWebSocketEmulator.Limits(idleTimeout, maxDuration), clock, agentsWebSocketTimers);
    }

    @Bean
    FilterRegistrationBean<AgentsUpgradeFilter> agentsUpgradeFilter(AgentsWebSocketEmulator emulator) {
        FilterRegistrationBean<AgentsUpgradeFilter> registration = new FilterRegistrationBean<>(new AgentsUpgradeFilter(emulator));
        registration.addUrlPatterns(AgentsWebSocketEmulator.PATH, AgentsWebSocketEmulator.PATH + "/");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
