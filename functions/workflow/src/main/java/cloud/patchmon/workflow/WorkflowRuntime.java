package cloud.patchmon.workflow;

import cloud.patchmon.core.events.EventBridgeEvents;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.ApiGatewayConnectionGateway;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoDbClients;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.workflows.StepFunctionsWorkflows;
import cloud.patchmon.core.workflows.Workflows;

import java.time.Clock;
import java.util.Map;

/**
 * The tasks' services as Lambda {@code workflow} builds them once per container, from its environment: the table, the
 * {@code agents} API's Management endpoint (commands to agents), the {@code ui} one (run frames to browsers) and Step
 * Functions (a task answering its own token; no state machine ARN, which would make the function wait on the machine
 * that names it).
 */
final class WorkflowRuntime {

    /** Set by the stack on this function, as on the api and ws functions. */
    static final String AGENTS_CALLBACK_URL = "PATCHMON_AGENTS_CALLBACK_URL";
    static final String UI_CALLBACK_URL = "PATCHMON_UI_CALLBACK_URL";

    private WorkflowRuntime() {
    }

    static WorkflowTasks fromEnvironment(Map<String, String> env) {
        StorageSettings settings = StorageSettings.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        ItemStore store = new DynamoItemStore(DynamoDbClients.create(settings, new CapacityMeter(), env), settings.tableName(), Json.newMapper(), clock);
        AgentRealtime realtime = AgentRealtime.create(store, ApiGatewayConnectionGateway.fromEnvironment(env, settings.region(), AGENTS_CALLBACK_URL), clock);
        UiChannel ui = new UiChannel(new UiConnectionRepository(store), ApiGatewayConnectionGateway.fromEnvironment(env, settings.region(), UI_CALLBACK_URL), Json.newMapper());
        Workflows workflows = StepFunctionsWorkflows.create(settings.region(), env, Map.of(), Json.newMapper());
        return WorkflowTasks.standard(store, realtime, ui, EventBridgeEvents.fromEnvironment(env, settings.region(), Json.newMapper()),
                () -> workflows, clock);
    }
}
