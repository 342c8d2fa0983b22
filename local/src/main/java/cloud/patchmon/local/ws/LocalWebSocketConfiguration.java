package cloud.patchmon.local.ws;

import cloud.patchmon.api.config.RealtimeConfiguration;
import cloud.patchmon.core.health.AgentPresence;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.patching.PatchRunSubscriptions;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.realtime.UiSessions;
import cloud.patchmon.core.realtime.WsTickets;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.realtime.ConnectFollowUp;
import cloud.patchmon.core.retry.Sleeper;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.ws.AgentsAuthorizerHandler;
import cloud.patchmon.ws.AgentsRoutesHandler;
import cloud.patchmon.ws.UiAuthorizerHandler;
import cloud.patchmon.ws.UiRoutesHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Both WebSocket APIs on the stack's own port, handled by the {@code ws} function's handlers built on the same
 * services the API uses (one {@link AgentAuthenticator}, so REST check-ins and dials share its cache). Each emulator is
 * also its API's {@link cloud.patchmon.core.realtime.ConnectionGateway}, under the names the API's
 * {@link RealtimeConfiguration} asks for.
 */
@Configuration(proxyBeanMethods = false)
public class LocalWebSocketConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService webSocketTimers() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ws-emulator-timers");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The emulator is the agent realtime services' gateway and they are its routes' services: the routes resolve them at
     * the first event, after both exist. Once a connection is open the host's delayed agent jobs go out to it.
     */
    @Bean(RealtimeConfiguration.AGENTS_GATEWAY)
    public WebSocketApiEmulator agentsWebSocketEmulator(AgentAuthenticator authenticator, ObjectProvider<AgentRealtime> realtime,
                                                        ObjectProvider<HostHealth> health, ObjectProvider<HostLiveEvents> live,
                                                        Clock clock, ScheduledExecutorService webSocketTimers,
                                                        @Value("${patchmon.local.ws.idle-timeout:10m}") Duration idleTimeout,
                                                        @Value("${patchmon.local.ws.max-connection-duration:2h}") Duration maxDuration) {
        return new WebSocketApiEmulator(WebSocketApiEmulator.Api.agents(), new AgentsAuthorizerHandler(authenticator),
                gateway -> (event, context) -> new AgentsRoutesHandler(
                        new AgentPresence(realtime.getObject().connections(), health.getObject(), live.getObject()),
                        realtime.getObject().messages(), realtime.getObject().jobs(), (apiId, stage) -> realtime.getObject().jobs(),
                        // The emulator delivers the delayed jobs itself once the socket is open (below).
                        ConnectFollowUp.NONE, Sleeper.THREAD).handleRequest(event, context),
                new WebSocketApiEmulator.Limits(idleTimeout, maxDuration), clock, webSocketTimers,
                (connectionId, context) -> {
                    String tenant = (String) context.get(AgentsAuthorizerHandler.TENANT);
                    String host = (String) context.get(AgentsAuthorizerHandler.HOST);
                    realtime.getObject().jobs().deliverPending(new TenantContext(new TenantId(tenant),
                            new TenantContext.Principal(TenantContext.Principal.Kind.HOST, host)), host);
                });
    }

    /** The browsers' API; its routes answer through a {@link UiChannel} on this very emulator. */
    @Bean(RealtimeConfiguration.UI_GATEWAY)
    public WebSocketApiEmulator uiWebSocketEmulator(WsTickets tickets, ItemStore store, Clock clock,
                                                    ScheduledExecutorService webSocketTimers,
                                                    @Value("${patchmon.local.ws.idle-timeout:10m}") Duration idleTimeout,
                                                    @Value("${patchmon.local.ws.max-connection-duration:2h}") Duration maxDuration) {
        return new WebSocketApiEmulator(WebSocketApiEmulator.Api.ui(), new UiAuthorizerHandler(tickets),
                gateway -> new UiRoutesHandler(new UiSessions(store, new PatchRunSubscriptions(store), clock),
                        new UiChannel(new UiConnectionRepository(store), gateway, Json.newMapper())),
                new WebSocketApiEmulator.Limits(idleTimeout, maxDuration), clock, webSocketTimers);
    }

    @Bean
    FilterRegistrationBean<UpgradeFilter> agentsUpgradeFilter(@Qualifier(RealtimeConfiguration.AGENTS_GATEWAY) WebSocketApiEmulator emulator) {
        return upgradeFilter(emulator);
    }

    @Bean
    FilterRegistrationBean<UpgradeFilter> uiUpgradeFilter(@Qualifier(RealtimeConfiguration.UI_GATEWAY) WebSocketApiEmulator emulator) {
        return upgradeFilter(emulator);
    }

    /** The drop hook for end-to-end tests of a stack started as a process (never in {@code ./patchmon up}). */
    @Bean
    @ConditionalOnProperty(name = "patchmon.local.test-hooks", havingValue = "true")
    FilterRegistrationBean<DropHookFilter> dropHookFilter(@Qualifier(RealtimeConfiguration.AGENTS_GATEWAY) WebSocketApiEmulator agents) {
        FilterRegistrationBean<DropHookFilter> registration = new FilterRegistrationBean<>(new DropHookFilter(agents));
        registration.addUrlPatterns(DropHookFilter.PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static FilterRegistrationBean<UpgradeFilter> upgradeFilter(WebSocketApiEmulator emulator) {
        FilterRegistrationBean<UpgradeFilter> registration = new FilterRegistrationBean<>(new UpgradeFilter(emulator));
        registration.setName(emulator.api().name() + "UpgradeFilter");
        registration.addUrlPatterns(emulator.api().path(), emulator.api().path() + "/");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
