package cloud.patchmon.local.workflows;

import cloud.patchmon.workflow.WorkflowTask;
import cloud.patchmon.workflow.WorkflowTasks;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cloud.patchmon.local.workflows.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The in-process Lambda reports errors as the Java runtime does, so definitions' Retry and Catch match the same names. */
class WorkflowFunctionTest {

    private final WorkflowFunction function = new WorkflowFunction(new WorkflowTasks(List.of(new WorkflowTask() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public JsonNode run(JsonNode payload) {
            return payload.path("value");
        }
    })), Fixtures.JSON);

    @Test
    void runsTheTaskThePayloadNames() {
        assertThat(function.invoke(WorkflowFunction.ARN, json("{\"task\": \"echo\", \"value\": {\"a\": 1}}"))).isEqualTo(json("{\"a\": 1}"));
    }

    @Test
    void anExceptionBecomesTheFunctionErrorNamedByItsClass() {
        TaskFailedException failure = catchThrowableOfType(TaskFailedException.class,
                () -> function.invoke(WorkflowFunction.ARN, json("{\"task\": \"no-such-task\"}")));
        assertThat(failure.error()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(json(failure.errorCause())).isEqualTo(json(
                "{\"errorMessage\": \"no workflow task no-such-task\", \"errorType\": \"java.lang.IllegalArgumentException\"}"));
    }
}
