package cloud.patchmon.workflow;

import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.patching.PatchRunEvents;
import cloud.patchmon.core.patching.PatchRunExecution;
import cloud.patchmon.core.patching.PatchRunLive;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.workflows.Workflows;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Every task of every workflow, dispatched by the payload's {@code task} field. */
public final class WorkflowTasks {

    private final Map<String, WorkflowTask> tasks;

    public WorkflowTasks(List<WorkflowTask> tasks) {
        Map<String, WorkflowTask> byName = new LinkedHashMap<>();
        for (WorkflowTask task : tasks) {
            if (byName.put(task.name(), task) != null) {
                throw new IllegalArgumentException("two tasks are named " + task.name());
            }
        }
        this.tasks = Map.copyOf(byName);
    }

    /**
     * The catalogue the Lambda and the local stack run, on the services they share with the API.
     *
     * @param workflows where a task answers its own token (the agent came first); resolved at each use, as the local
     *                  interpreter is built on these very tasks
     */
    public static WorkflowTasks standard(ItemStore store, AgentRealtime realtime, UiChannel ui, Events events, Supplier<Workflows> workflows,
                                         Clock clock) {
        PatchRunExecution execution = new PatchRunExecution(store, realtime.jobs(), new PatchRunEvents(events, clock), new PatchRunLive(ui),
                workflows, Json.newMapper(), clock);
        return new WorkflowTasks(List.of(new SendRunPatchTask(execution), new AwaitResultTask(execution), new RecordResultTask(execution)));
    }

    public Set<String> names() {
        return tasks.keySet();
    }

    public JsonNode invoke(JsonNode payload) {
        JsonNode name = payload == null ? null : payload.get("task");
        if (name == null || !name.isTextual()) {
            throw new IllegalArgumentException("the payload must name its task: {\"task\": \"<name>\", ...}");
        }
        WorkflowTask task = tasks.get(name.asText());
        if (task == null) {
            throw new IllegalArgumentException("no workflow task " + name.asText());
        }
        return task.run(payload);
    }
}
