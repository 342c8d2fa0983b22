package cloud.patchmon.core.workflows;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * DescribeExecution's answer.
 *
 * @param output JSON text, present once the execution succeeded
 * @param error  present once it failed, timed out or was stopped with an error
 */
public record ExecutionDescription(String executionArn, String stateMachine, String name, ExecutionStatus status,
                                   String input, Optional<String> output, Optional<String> error,
                                   Optional<String> cause, Instant startDate, Optional<Instant> stopDate) {
    public ExecutionDescription {
        Objects.requireNonNull(executionArn, "executionArn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(stopDate, "stopDate");
    }
}
