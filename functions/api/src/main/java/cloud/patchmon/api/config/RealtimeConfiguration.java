package cloud.patchmon.api.config;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentChannel;
import cloud.patchmon.core.realtime.AgentCommands;
import cloud.patchmon.core.realtime.ApiGatewayConnectionGateway;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.ConnectionRepository;
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
    public AgentChannel agentChannel(ItemStore store, ObjectProvider<ConnectionGateway> gateways, StorageSettings storage,
                                     @Value("${patchmon.agents.callback-url:}") String callbackUrl) {
        ConnectionGateway gateway = gateways.getIfAvailable(() -> callbackUrl.isBlank()
                ? (connectionId, message) -> {
                    throw new IllegalStateException("no agents WebSocket API is configured (patchmon.agents.callback-url)");
                }
                : ApiGatewayConnectionGateway.create(URI.create(callbackUrl), storage.region(),
                        AwsCredentials.forEndpoint(Optional.empty(), System.getenv())));
        return new AgentChannel(new ConnectionRepository(store), gateway, Json.newMapper());
    }

    @Bean
    public WsTickets wsTickets(ItemStore store, Clock clock) {
        return new WsTickets(store, clock);
    }

    @Bean
    public AgentCommands agentCommands(ItemStore store, AgentChannel channel) {
        return new AgentCommands(store, channel);
    }
}
