package cloud.patchmon.api.integration;

import cloud.patchmon.api.realtime.HostAgentController;
import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.realtime.AgentJobs;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Integration API's {@code GET /api/v1/api/hosts/{id}/agent_queue} (chapter 31, scope {@code host:get}). Until the
 * Integration API's Basic-auth keys land (issue 7 leaves them to the Integration API issue), it is protected like Host
 * Detail: a signed-in user with {@code can_view_hosts}.
 */
@RestController
public class IntegrationAgentQueueController {

    private final AgentJobs jobs;

    public IntegrationAgentQueueController(AgentJobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/v1/api/hosts/{id}/agent_queue")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public HostAgentController.QueueView agentQueue(AuthenticatedUser actor, @PathVariable String id,
                                                    @RequestParam(required = false) String limit) {
        return HostAgentController.QueueView.of(jobs.queue(actor.context(), id, HostAgentController.limit(limit)));
    }
}
