package cloud.patchmon.api.integrations;

import cloud.patchmon.api.realtime.HostAgentController;
import cloud.patchmon.api.security.IntegrationEndpoint;
import cloud.patchmon.core.integrations.IntegrationAuthenticator;
import cloud.patchmon.core.integrations.IntegrationAuthenticator.Credential;
import cloud.patchmon.core.realtime.AgentJobs;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Integration API's {@code GET /api/v1/api/hosts/{id}/agent_queue} (chapter 31, scope {@code host:get}). */
@RestController
public class IntegrationAgentQueueController {

    private final AgentJobs jobs;

    public IntegrationAgentQueueController(AgentJobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/v1/api/hosts/{id}/agent_queue")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public HostAgentController.QueueView agentQueue(Credential credential, @PathVariable String id,
                                                    @RequestParam(required = false) String limit) {
        return HostAgentController.QueueView.of(jobs.queue(credential.context(), id, HostAgentController.limit(limit)));
    }
}
