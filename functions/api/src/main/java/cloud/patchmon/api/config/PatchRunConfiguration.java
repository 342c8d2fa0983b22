package cloud.patchmon.api.config;

import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.patching.PatchRunAgentStages;
import cloud.patchmon.core.patching.PatchRunEvents;
import cloud.patchmon.core.patching.PatchRunLive;
import cloud.patchmon.core.patching.PatchRunService;
import cloud.patchmon.core.patching.policies.PlanPolicies;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.workflows.StepFunctionsWorkflows;
import cloud.patchmon.core.workflows.Workflows;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Map;

/**
 * Patch runs (chapters 8, 9, 11). In AWS the runs' workflow is the deployed PatchRun state machine, named by
 * {@value PatchRunService#STATE_MACHINE_ARN_VARIABLE}; the local stack contributes its interpreter as the
 * {@link Workflows} bean once this context exists (its tasks run on this context's services).
 */
@Configuration(proxyBeanMethods = false)
public class PatchRunConfiguration {

    @Bean
    @ConditionalOnProperty(PatchRunService.STATE_MACHINE_ARN_VARIABLE)
    public Workflows stepFunctionsWorkflows(StorageSettings storage, @Value("${" + PatchRunService.STATE_MACHINE_ARN_VARIABLE + "}") String arn) {
        return StepFunctionsWorkflows.create(storage.region(), System.getenv(), Map.of(PatchRunService.STATE_MACHINE, arn), Json.newMapper());
    }

    @Bean
    public PatchRunEvents patchRunEvents(Events events, Clock clock) {
        return new PatchRunEvents(events, clock);
    }

    @Bean
    public PatchRunLive patchRunLive(UiChannel channel) {
        return new PatchRunLive(channel);
    }

    @Bean
    public PatchRunService patchRunService(ItemStore store, PlanPolicies policies, ObjectProvider<Workflows> workflows, AgentJobs jobs,
                                           PatchRunEvents events, PatchRunLive live, Clock clock) {
        return new PatchRunService(store, policies, () -> workflows(workflows), jobs, events, live, Json.newMapper(), clock);
    }

    @Bean
    public PatchRunAgentStages patchRunAgentStages(ItemStore store, ObjectProvider<Workflows> workflows, PatchRunEvents events,
                                                   PatchRunLive live, Clock clock) {
        return new PatchRunAgentStages(store, () -> workflows(workflows), events, live, Json.newMapper(), clock);
    }

    private static Workflows workflows(ObjectProvider<Workflows> workflows) {
        return workflows.getIfAvailable(() -> {
            throw new IllegalStateException("no workflows: set " + PatchRunService.STATE_MACHINE_ARN_VARIABLE);
        });
    }
}
