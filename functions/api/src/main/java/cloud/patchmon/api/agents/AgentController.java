package cloud.patchmon.api.agents;

import cloud.patchmon.api.security.AgentEndpoint;
import cloud.patchmon.core.hosts.AgentAuthenticator.AuthenticatedHost;
import cloud.patchmon.core.tenants.TenantSettingsService;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The agent's configuration routes of the wire protocol (AGENT-PROTOCOL.md). */
@RestController
public class AgentController {

    private final TenantSettingsService settings;

    public AgentController(TenantSettingsService settings) {
        this.settings = settings;
    }

    /** camelCase on the wire, as upstream agents read it. */
    public record UpdateInterval(@JsonProperty("updateInterval") int updateInterval) {
    }

    public record Integrations(boolean docker, boolean compliance) {
    }

    public record IntegrationsResponse(boolean success, Integrations integrations, String complianceMode,
                                       boolean complianceOpenscapEnabled, boolean complianceDockerBenchEnabled) {
    }

    @GetMapping("/api/v1/settings/update-interval")
    @AgentEndpoint
    public UpdateInterval updateInterval(AuthenticatedHost host) {
        return new UpdateInterval(settings.get(host.context()).agentUpdateIntervalMinutes());
    }

    @GetMapping("/api/v1/hosts/integrations")
    @AgentEndpoint
    public IntegrationsResponse integrations(AuthenticatedHost host) {
        boolean compliance = host.host().complianceEnabled();
        return new IntegrationsResponse(true, new Integrations(host.host().dockerEnabled(), compliance),
                compliance ? "enabled" : "disabled", compliance, false);
    }
}
