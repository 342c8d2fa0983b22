package cloud.patchmon.api.patching;

import cloud.patchmon.api.auth.AuthViews.Message;
import cloud.patchmon.api.security.AgentEndpoint;
import cloud.patchmon.core.hosts.AgentAuthenticator.AuthenticatedHost;
import cloud.patchmon.core.patching.PatchRunAgentStages;
import cloud.patchmon.protocol.PatchRunOutput;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The agent's patch run stages (AGENT-PROTOCOL.md {@code POST /patching/runs/{id}/output}). */
@RestController
public class PatchRunOutputController {

    private final PatchRunAgentStages stages;

    public PatchRunOutputController(PatchRunAgentStages stages) {
        this.stages = stages;
    }

    @PostMapping("/api/v1/patching/runs/{id}/output")
    @AgentEndpoint
    public Message output(AuthenticatedHost host, @PathVariable String id, @RequestBody PatchRunOutput body) {
        stages.agentOutput(host.context(), host.host().id(), id, body);
        return new Message("ok");
    }
}
