package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Map;

/** The operator's buttons that talk to a host's agent right now (chapter 4's "Requires agent online? Yes"). */
public final class AgentCommands {

    private final HostRepository hosts;
    private final AgentChannel channel;

    public AgentCommands(ItemStore store, AgentChannel channel) {
        this.hosts = new HostRepository(store);
        this.channel = channel;
    }

    /**
     * Fetch Report: asks the agent for a full report now ({@code report_now}); the report itself arrives over REST.
     *
     * @throws DomainException 404 for a host the tenant does not have, 409 when its agent is not connected
     */
    public void fetchReport(TenantContext ctx, String hostId) {
        hosts.find(ctx, hostId).orElseThrow(() -> DomainException.notFound("Host not found"));
        if (channel.send(ctx, hostId, Map.of("type", "report_now")) == AgentChannel.Delivery.NOT_CONNECTED) {
            throw DomainException.conflict("Agent is not connected");
        }
    }
}
