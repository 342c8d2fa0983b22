package cloud.patchmon.workflow;

import cloud.patchmon.core.patching.PatchRunExecution;
import cloud.patchmon.core.realtime.AgentJob;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * {@code patch-run.send-run-patch}, the RunPatch state's ({@code .waitForTaskToken}) function: stores the task token
 * on the run and sends {@code run_patch} to the host's agent (queued for an offline agent's reconnection). The
 * state's answer is the token's, sent by the API when the agent reports {@code started}; a run that is gone or ended
 * fails the task at once ({@link PatchRunExecution.NotDispatchableException}).
 */
final class SendRunPatchTask implements WorkflowTask {

    private final PatchRunExecution execution;

    SendRunPatchTask(PatchRunExecution execution) {
        this.execution = execution;
    }

    @Override
    public String name() {
        return "patch-run.send-run-patch";
    }

    @Override
    public JsonNode run(JsonNode payload) {
        Optional<AgentJob> job = execution.sendRunPatch(PatchRunExecution.context(required(payload, "tenant_id")),
                required(payload, "run_id"), required(payload, "task_token"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        job.ifPresent(j -> {
            out.put("job_id", j.jobId());
            out.put("job_status", j.status());
        });
        return out;
    }

    static String required(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("the payload needs " + field);
        }
        return value.asText();
    }
}
