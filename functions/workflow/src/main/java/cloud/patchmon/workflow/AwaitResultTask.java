package cloud.patchmon.workflow;

import cloud.patchmon.core.patching.PatchRunExecution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * {@code patch-run.await-result}, the AwaitResult state's ({@code .waitForTaskToken}) function, entered once the agent
 * started: stores the task token the agent's terminal stage answers, or answers it itself when that stage already came
 * ({@link PatchRunExecution#awaitResult}).
 */
final class AwaitResultTask implements WorkflowTask {

    private final PatchRunExecution execution;

    AwaitResultTask(PatchRunExecution execution) {
        this.execution = execution;
    }

    @Override
    public String name() {
        return "patch-run.await-result";
    }

    @Override
    public JsonNode run(JsonNode payload) {
        execution.awaitResult(PatchRunExecution.context(SendRunPatchTask.required(payload, "tenant_id")),
                SendRunPatchTask.required(payload, "run_id"), SendRunPatchTask.required(payload, "task_token"));
        return JsonNodeFactory.instance.objectNode();
    }
}
