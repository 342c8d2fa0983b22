package cloud.patchmon.local.ws;

import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.ws.AgentsAuthorizerHandler;
import cloud.patchmon.ws.AgentsRoutesHandler;
import org.springframework.beans.factory.ObjectProvider;
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

    /**
     * The emulator is the realtime services' gateway and they are its routes' services: the routes are resolved at the
     * first event, after both exist. Once a connection is open the host's delayed agent jobs go out to it.
     */
    @Bean
    public AgentsWebSocketEmulator agentsWebSocketEmulator(AgentAuthenticator authenticator, ObjectProvider<AgentRealtime> realtime,
                                                           Clock clock, ScheduledExecutorService agentsWebSocketTimers,
                                                           @Value("${patchmon.local.ws.idle-timeout:10m}") Duration idleTimeout,
                                                           @Value("${patchmon.local.ws.max-connection-duration:2h}") Duration maxDuration) {
        return new AgentsWebSocketEmulator(new AgentsAuthorizerHandler(authenticator),
                (event, context) -> new AgentsRoutesHandler(realtime.getObject().connections(), realtime.getObject().messages())
                        .handleRequest(event, context),
                new AgentsWebSocketEmulator.Limits(idleTimeout, maxDuration), clock, agentsWebSocketTimers,
                (connectionId, context) -> {
                    String tenant = (String) context.get(AgentsAuthorizerHandler.TENANT);
                    String host = (String) context.get(AgentsAuthorizerHandler.HOST);
                    realtime.getObject().jobs().deliverPending(new TenantContext(new TenantId(tenant),
                            new TenantContext.Principal(TenantContext.Principal.Kind.HOST, host)), host);
                });
    }

    @Bean
    FilterRegistrationBean<AgentsUpgradeFilter> agentsUpgradeFilter(AgentsWebSocketEmulator emulator) {
        FilterRegistrationBean<AgentsUpgradeFilter> registration = new FilterRegistrationBean<>(new AgentsUpgradeFilter(emulator));
        registration.addUrlPatterns(AgentsWebSocketEmulator.PATH, AgentsWebSocketEmulator.PATH + "/");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
