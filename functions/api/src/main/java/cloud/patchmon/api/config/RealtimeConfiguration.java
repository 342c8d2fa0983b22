package cloud.patchmon.api.config;

import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.realtime.AgentChannel;
import cloud.patchmon.core.realtime.AgentCommands;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.AgentSettings;
import cloud.patchmon.core.tenants.TenantSettingsService;
import cloud.patchmon.core.realtime.ApiGatewayConnectionGateway;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.PendingConfigs;
import cloud.patchmon.core.realtime.WsTickets;
import cloud.patchmon.core.storage.AwsCredentials;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * Commands to agents over their WebSocket connections. In Lambda the agents API's Management API
 * ({@code patchmon.agents.callback-url}, set by the stack); the local stack contributes its emulator as the
 * {@link ConnectionGateway} instead.
 */
@Configuration(proxyBeanMethods = false)
public class RealtimeConfiguration {

    @Bean
    public AgentRealtime agentRealtime(ItemStore store, ObjectProvider<ConnectionGateway> gateways, StorageSettings storage, Clock clock,
                                       @Value("${patchmon.agents.callback-url:}") String callbackUrl) {
        ConnectionGateway gateway = gateways.getIfAvailable(() -> callbackUrl.isBlank()
                ? AgentRealtime.unconfigured()
                : ApiGatewayConnectionGateway.create(URI.create(callbackUrl), storage.region(),
                        AwsCredentials.forEndpoint(Optional.empty(), System.getenv())));
        return AgentRealtime.create(store, gateway, clock);
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
    public WsTickets wsTickets(ItemStore store, Clock clock) {
        return new WsTickets(store, clock);
    }

    @Bean
    public AgentSettings agentSettings(TenantSettingsService settings, AgentCommands commands) {
        return new AgentSettings(settings, commands);
    }

    @Bean
    public AgentCommands agentCommands(AgentRealtime realtime, HostService hosts) {
        return new AgentCommands(realtime.jobs(), realtime.channel(), hosts);
    }
}
