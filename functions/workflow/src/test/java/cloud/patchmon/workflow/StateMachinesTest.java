package cloud.patchmon.workflow;

import cloud.patchmon.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateMachinesTest {

    @Test
    void substitutionsFillEveryPlaceholderAndAMissingOneIsRefused() throws Exception {
        String definition = StateMachines.definition(StateMachines.PATCH_RUN, Map.of(StateMachines.WORKFLOW_FUNCTION, "arn:aws:lambda:x:1:function:wf"));
        assertThat(definition).doesNotContain("${");
        JsonNode root = Json.newMapper().readTree(definition);
        assertThat(root.at("/States/ComputeRunAt/Resource").asText()).isEqualTo("arn:aws:lambda:x:1:function:wf");
        assertThat(root.at("/States/RunPatch/Parameters/FunctionName").asText()).isEqualTo("arn:aws:lambda:x:1:function:wf");
        assertThatThrownBy(() -> StateMachines.definition(StateMachines.PATCH_RUN, Map.of())).hasMessageContaining("WorkflowFunctionArn");
        assertThatThrownBy(() -> StateMachines.definition("Nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theComputeRunAtTaskOfPatchRunExists() throws Exception {
        JsonNode root = Json.newMapper().readTree(StateMachines.definition(StateMachines.PATCH_RUN));
        assertThat(WorkflowTasks.standard(Clock.systemUTC()).names()).contains(root.at("/States/ComputeRunAt/Parameters/task").asText());
    }
}
