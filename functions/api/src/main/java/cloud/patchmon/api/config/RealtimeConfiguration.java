package cloud.patchmon.api.config;

import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.realtime.AgentChannel;
import cloud.patchmon.core.realtime.AgentCommands;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.AgentSettings;
import cloud.patchmon.core.tenants.TenantSettingsService;
import cloud.patchmon.core.realtime.ApiGatewayConnectionGateway;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiAccess;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.realtime.PendingConfigs;
import cloud.patchmon.core.realtime.WsTickets;
import cloud.patchmon.core.storage.AwsCredentials;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * Commands to agents over their WebSocket connections. In Lambda the agents API's Management API
 * ({@code patchmon.agents.callback-url}, set by the stack); the local stack contributes its emulator as the
 * {@link ConnectionGateway} instead. Browsers get live events over the {@code ui} API the same way
 * ({@code patchmon.ui.callback-url}).
 */
@Configuration(proxyBeanMethods = false)
public class RealtimeConfiguration {

    /** The local stack's bean names for its emulators, each the {@link ConnectionGateway} of its API. */
    public static final String AGENTS_GATEWAY = "agentsGateway";
    public static final String UI_GATEWAY = "uiGateway";

    @Bean
    public AgentRealtime agentRealtime(ItemStore store, @Qualifier(AGENTS_GATEWAY) ObjectProvider<ConnectionGateway> gateways,
                                       StorageSettings storage, Clock clock, @Value("${patchmon.agents.callback-url:}") String callbackUrl) {
        return AgentRealtime.create(store, gateway(gateways, storage, callbackUrl, "patchmon.agents.callback-url"), clock);
    }

    @Bean
    public AgentChannel agentChannel(AgentRealtime realtime) {
        return realtime.channel();
    }

    @Bean
    public AgentJobs agentJobs(AgentRealtime realtime) {
        return realtime.jobs();
    }

    @Bean
    public PendingConfigs pendingConfigs(AgentRealtime realtime) {
        return realtime.pendingConfigs();
    }

    @Bean
    public UiChannel uiChannel(ItemStore store, @Qualifier(UI_GATEWAY) ObjectProvider<ConnectionGateway> gateways, StorageSettings storage,
                               @Value("${patchmon.ui.callback-url:}") String callbackUrl) {
        return new UiChannel(new UiConnectionRepository(store), gateway(gateways, storage, callbackUrl, "patchmon.ui.callback-url"), Json.newMapper());
    }

    @Bean
    public UiAccess uiAccess(ItemStore store, UiChannel channel) {
        return new UiAccess(store, channel);
    }

    @Bean
    public HostLiveEvents hostLiveEvents(UiChannel channel) {
        return new HostLiveEvents(channel);
    }

    @Bean
    public HostHealth hostHealth(ItemStore store, Events events, HostLiveEvents live, Clock clock) {
        return new HostHealth(store, events, live, clock);
    }

    private static ConnectionGateway gateway(ObjectProvider<ConnectionGateway> gateways, StorageSettings storage, String callbackUrl, String property) {
        return gateways.getIfAvailable(() -> callbackUrl.isBlank()
                ? ConnectionGateway.unconfigured(property)
                : ApiGatewayConnectionGateway.create(URI.create(callbackUrl), storage.region(),
                        AwsCredentials.forEndpoint(Optional.empty(), System.getenv())));
    }

    @Bean
    public WsTickets wsTickets(ItemStore store, Clock clock) {
        return new WsTickets(store, clock);
    }

    @Bean
    public AgentSettings agentSettings(TenantSettingsService settings, AgentCommands commands, HostService hosts, ItemStore store, Clock clock) {
        return new AgentSettings(settings, commands, hosts, store, clock);
    }

    @Bean
    public AgentCommands agentCommands(AgentRealtime realtime, HostService hosts) {
        return new AgentCommands(realtime.jobs(), realtime.channel(), hosts);
    }
}
