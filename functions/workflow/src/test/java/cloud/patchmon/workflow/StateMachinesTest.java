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
        assertThat(named).containsExactlyInAnyOrder("patch-run.send-run-patch", "patch-run.await-result", "patch-run.record-result");
        WorkflowTasks tasks = new WorkflowTasks(java.util.List.of(new SendRunPatchTask(null), new AwaitResultTask(null), new RecordResultTask(null)));
        assertThat(tasks.names()).containsExactlyInAnyOrderElementsOf(named);
    }

    @Test
    void patchRunWaitsForTheStartWithoutAHeartbeatForAsLongAsTheExecutionLivesThenForTheOutcomeWithOne() throws Exception {
        JsonNode root = Json.newMapper().readTree(StateMachines.definition(StateMachines.PATCH_RUN));
        JsonNode start = root.at("/States/RunPatch");
        JsonNode outcome = root.at("/States/AwaitResult");
        assertThat(start.get("Next").asText()).isEqualTo("AwaitResult");
        assertThat(outcome.get("Next").asText()).isEqualTo("RecordResult");
        assertThat(start.has("HeartbeatSeconds")).as("an offline agent says nothing until it reconnects").isFalse();
        assertThat(outcome.get("HeartbeatSeconds").asInt()).isEqualTo(1800);
        long lifetime = root.get("TimeoutSeconds").asLong();
        assertThat(lifetime).as("Step Functions Standard's one-year maximum").isEqualTo(365L * 24 * 3600);
        // A start that never comes still fails the run before the execution itself times out, with room for the
        // outcome's wait and the record.
        assertThat(start.get("TimeoutSeconds").asLong() + outcome.get("TimeoutSeconds").asLong()).isLessThan(lifetime);
        assertThat(start.get("TimeoutSeconds").asLong()).isGreaterThan(300L * 24 * 3600);
        for (JsonNode wait : new JsonNode[]{start, outcome}) {
            assertThat(wait.get("Resource").asText()).endsWith(".waitForTaskToken");
            assertThat(wait.at("/Parameters/Payload/task_token.$").asText()).isEqualTo("$$.Task.Token");
            assertThat(wait.at("/Catch/0/Next").asText()).isEqualTo("RunTimedOut");
            assertThat(wait.at("/Catch/1/Next").asText()).isEqualTo("RunFailed");
        }
        assertThat(start.get("ResultPath").asText()).isNotEqualTo(outcome.get("ResultPath").asText());
        assertThat(root.at("/States/RecordResult/Parameters/result.$").asText()).isEqualTo(outcome.get("ResultPath").asText());
    }
}
