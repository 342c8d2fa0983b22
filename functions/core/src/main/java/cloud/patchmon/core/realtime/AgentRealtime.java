package cloud.patchmon.core.realtime;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.ItemStore;

import java.time.Clock;
import java.util.List;

/** The agents' realtime services wired once, the same way in the api, the ws function and the local stack. */
public record AgentRealtime(AgentConnections connections, AgentChannel channel, AgentJobs jobs, AgentMessages messages,
                            PendingConfigs pendingConfigs) {

    public static AgentRealtime create(ItemStore store, ConnectionGateway gateway, Clock clock) {
        ConnectionRepository repository = new ConnectionRepository(store);
        AgentChannel channel = new AgentChannel(repository, gateway, Json.newMapper());
        AgentJobs jobs = new AgentJobs(store, channel, clock, List.of(new AppliedConfigs(store, clock)));
        return new AgentRealtime(new AgentConnections(repository, clock), channel, jobs,
                new AgentMessages(new CommandAckRepository(store), jobs, Json.newMapper(), clock),
                new PendingConfigs(store, jobs, clock));
    }
}
