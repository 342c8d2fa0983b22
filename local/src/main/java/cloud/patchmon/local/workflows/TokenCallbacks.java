package cloud.patchmon.local.workflows;

import cloud.patchmon.local.workflows.ExecutionRecord.Phase;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: each changes the waiting execution with an optimistic
 * write, then wakes it. A token that is unknown, already answered or past a deadline changes nothing.
 */
final class TokenCallbacks {

    private final ExecutionRepository repository;
    private final Map<String, StateMachineDefinition> machines;
    private final ExecutionLoop loop;
    private final Timers timers;

    TokenCallbacks(ExecutionRepository repository, Map<String, StateMachineDefinition> machines, ExecutionLoop loop, Timers timers) {
        this.repository = repository;
        this.machines = machines;
        this.loop = loop;
        this.timers = timers;
    }

    /**
     * @param phase   {@link Phase#TOKEN_SUCCEEDED} or {@link Phase#TOKEN_FAILED}
     * @param pending the result, or the error as {@code {"Error", "Cause"}}
     */
    boolean resolve(String token, Phase phase, String pending) {
        Optional<String> arn = TaskTokens.executionOf(token);
        if (arn.isEmpty()) {
            return false;
        }
        while (true) {
            Optional<ExecutionRecord> found = repository.find(arn.get());
            if (found.isEmpty() || !TaskTokens.awaits(found.get(), token, timers.clock().instant())) {
                return false;
            }
            ExecutionRecord.Builder resolved = found.get().toBuilder();
            resolved.phase = phase;
            resolved.pending = pending;
            if (repository.commit(found.get(), resolved)) {
                loop.drive(arn.get());
                return true;
            }
        }
    }

    /** Pushes the heartbeat deadline out by the state's HeartbeatSeconds (nothing to push when it has none). */
    boolean heartbeat(String token) {
        Optional<String> arn = TaskTokens.executionOf(token);
        if (arn.isEmpty()) {
            return false;
        }
        while (true) {
            Optional<ExecutionRecord> found = repository.find(arn.get());
            Instant now = timers.clock().instant();
            if (found.isEmpty() || !TaskTokens.awaits(found.get(), token, now)) {
                return false;
            }
            ExecutionRecord record = found.get();
            JsonNode state = machines.get(record.stateMachine()).state(record.state());
            long heartbeat = state.path("HeartbeatSeconds").asLong(0);
            if (heartbeat <= 0) {
                return true;
            }
            ExecutionRecord.Builder beat = record.toBuilder();
            beat.heartbeatDue = now.plusSeconds(heartbeat);
            if (repository.commit(record, beat)) {
                loop.drive(record.executionArn());
                return true;
            }
        }
    }
}
