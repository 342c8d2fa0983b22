package cloud.patchmon.core.workflows;

import java.time.Instant;
import java.util.Objects;

/** What StartExecution answers: the execution's ARN (the handle for stop and describe) and its start time. */
public record StartedExecution(String executionArn, Instant startDate) {
    public StartedExecution {
        Objects.requireNonNull(executionArn, "executionArn");
        Objects.requireNonNull(startDate, "startDate");
    }
}
