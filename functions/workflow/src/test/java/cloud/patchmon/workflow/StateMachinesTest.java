package cloud.patchmon.workflow;

import cloud.patchmon.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateMachinesTest {

    @Test
    void substitutionsFillEveryPlaceholderAndAMissingOneIsRefused() throws Exception {
        String definition = StateMachines.definition(StateMachines.PATCH_RUN, Map.of(StateMachines.WORKFLOW_FUNCTION, "arn:aws:lambda:x:1:function:wf"));
        assertThat(definition).doesNotContain("${");
        JsonNode root = Json.newMapper().readTree(definition);
        assertThat(root.at("/States/RecordResult/Resource").asText()).isEqualTo("arn:aws:lambda:x:1:function:wf");
        assertThat(root.at("/States/RunPatch/Parameters/FunctionName").asText()).isEqualTo("arn:aws:lambda:x:1:function:wf");
        assertThatThrownBy(() -> StateMachines.definition(StateMachines.PATCH_RUN, Map.of())).hasMessageContaining("WorkflowFunctionArn");
        assertThatThrownBy(() -> StateMachines.definition("Nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void patchRunWaitsForTheRunAtTheApiComputedAndNamesOnlyTasksThatExist() throws Exception {
        JsonNode root = Json.newMapper().readTree(StateMachines.definition(StateMachines.PATCH_RUN));
        assertThat(root.at("/StartAt").asText()).isEqualTo("WaitUntilRunAt");
        assertThat(root.at("/States/WaitUntilRunAt/TimestampPath").asText()).isEqualTo("$.run_at");
        Set<String> named = new HashSet<>();
        for (Iterator<JsonNode> states = root.get("States").elements(); states.hasNext(); ) {
            JsonNode state = states.next();
            JsonNode task = state.has("Parameters") ? state.get("Parameters").path("Payload").path("task") : null;
            if (task != null && task.isTextual()) {
                named.add(task.asText());
            }
            if (state.path("Parameters").path("task").isTextual()) {
                named.add(state.get("Parameters").get("task").asText());
            }
        }
        assertThat(named).containsExactlyInAnyOrder("patch-run.send-run-patch", "patch-run.record-result");
        WorkflowTasks tasks = new WorkflowTasks(java.util.List.of(new SendRunPatchTask(null), new RecordResultTask(null)));
        assertThat(tasks.names()).containsAll(named);
    }
}
