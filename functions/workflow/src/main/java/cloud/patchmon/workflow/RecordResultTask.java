package cloud.patchmon.workflow;

import cloud.patchmon.core.patching.PatchRunExecution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * {@code patch-run.record-result}: the end of every PatchRun execution. {@code result.status} is the run's final
 * status when the agent's stage resolved the token, {@code timeout} or {@code failed} when the wait ended otherwise.
 */
final class RecordResultTask implements WorkflowTask {

    private final PatchRunExecution execution;

    RecordResultTask(PatchRunExecution execution) {
        this.execution = execution;
    }

    @Override
    public String name() {
        return "patch-run.record-result";
    }

    @Override
    public JsonNode run(JsonNode payload) {
        String outcome = payload.path("result").path("status").asText("failed");
        execution.recordResult(PatchRunExecution.context(SendRunPatchTask.required(payload, "tenant_id")),
                SendRunPatchTask.required(payload, "run_id"), outcome);
        return JsonNodeFactory.instance.objectNode();
    }
}
