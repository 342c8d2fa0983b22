package cloud.patchmon.local.workflows;

import cloud.patchmon.workflow.WorkflowTasks;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static cloud.patchmon.local.workflows.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The in-process Lambda reports errors as the Java runtime does, so definitions' Retry and Catch match the same names. */
class WorkflowFunctionTest {

    private final WorkflowFunction function = new WorkflowFunction(
            WorkflowTasks.standard(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC)), Fixtures.JSON);

    @Test
    void runsTheTaskThePayloadNames() {
        assertThat(function.invoke(WorkflowFunction.ARN, json("{\"task\": \"patch-run.run-at\", \"policy\": {\"patch_delay_type\": \"immediate\"}}")))
                .isEqualTo(json("{\"run_at\": \"2026-12-01T10:00:00Z\", \"immediate\": true}"));
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
