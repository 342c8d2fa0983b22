package cloud.patchmon.local.workflows;

import cloud.patchmon.core.workflows.ExecutionStatus;
import cloud.patchmon.local.workflows.ExecutionRecord.Phase;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How a state ends: the execution moves to the next state, or closes (succeeded, failed, aborted, timed out). */
final class Outcomes {

    private final ExecutionJson json;

    Outcomes(ExecutionJson json) {
        this.json = json;
    }

    /** After a state's work: its Next, or success when it is an End state. */
    ExecutionRecord.Builder advance(ExecutionRecord record, JsonNode state, JsonNode output, Instant now) {
        if (state.path("End").asBoolean(false)) {
            return succeeded(record, output, now);
        }
        return transition(record, state.get("Next").asText(), output, now);
    }

    ExecutionRecord.Builder transition(ExecutionRecord record, String next, JsonNode output, Instant now) {
        ExecutionRecord.Builder moved = record.toBuilder().clearPhase();
        moved.state = next;
        moved.stateInput = json.write(output);
        moved.enteredAt = now;
        moved.phase = Phase.ENTER;
        moved.retries = Map.of();
        moved.retryCount = 0;
        List<String> path = new ArrayList<>(record.path());
        path.add(next);
        moved.path = path;
        return moved;
    }

    ExecutionRecord.Builder succeeded(ExecutionRecord record, JsonNode output, Instant now) {
        ExecutionRecord.Builder done = closing(record, ExecutionStatus.SUCCEEDED, now);
        done.output = json.write(output);
        return done;
    }

    ExecutionRecord.Builder failed(ExecutionRecord record, Instant now, StatesError error) {
        return closed(record, ExecutionStatus.FAILED, error.error(), error.errorCause(), now);
    }

    static ExecutionRecord.Builder closed(ExecutionRecord record, ExecutionStatus status, String error, String cause, Instant now) {
        ExecutionRecord.Builder closed = closing(record, status, now);
        closed.error = error;
        closed.cause = cause;
        return closed;
    }

    private static ExecutionRecord.Builder closing(ExecutionRecord record, ExecutionStatus status, Instant now) {
        ExecutionRecord.Builder closed = record.toBuilder().clearPhase();
        closed.status = status;
        closed.stopDate = now;
        closed.stateInput = null;
        return closed;
    }
}
