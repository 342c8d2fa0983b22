package cloud.patchmon.local.workflows;

import cloud.patchmon.core.workflows.ExecutionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The durable state of one local execution, rewritten (with an optimistic {@code version}) at every transition so a
 * restart resumes exactly where it stood. JSON values are kept as text.
 *
 * @param state        the current state, absent once closed
 * @param stateInput   the current state's raw input
 * @param phase        where inside the state the execution is
 * @param dueAt        when a Wait or retry back-off ends, or when a task token times out
 * @param heartbeatDue when a task token times out for want of a heartbeat
 * @param taskPayload  what a token task sends its function (kept so a restart before the call can repeat it)
 * @param pending      a Wait state's output, or a token's result or error as JSON {@code {"Error","Cause"}}
 * @param retries      attempts per retrier index of the current state
 * @param retryCount   retries of the current state so far ({@code $$.State.RetryCount})
 * @param deadline     the execution's TimeoutSeconds, if it has one
 * @param path         the states entered, in order (the execution's history)
 */
record ExecutionRecord(String executionArn, String stateMachine, String name, String input, ExecutionStatus status,
                       Instant startDate, Instant stopDate, String output, String error, String cause, long version,
                       String state, String stateInput, Instant enteredAt, Phase phase, Instant dueAt,
                       Instant heartbeatDue, String taskToken, String taskFunction, String taskPayload, String pending,
                       Map<String, Integer> retries, int retryCount, Instant deadline, List<String> path) {

    enum Phase {
        /** the state is about to run */
        ENTER,
        /** a Wait state sleeps until dueAt; its output is pending */
        WAITING,
        /** a failed task sleeps until dueAt, then runs again */
        RETRY_BACKOFF,
        /** a token was issued; the function has yet to be called */
        TOKEN_INVOKE,
        /** the function was called; waiting for SendTask* or a deadline */
        TOKEN_WAIT,
        /** SendTaskSuccess arrived; the result is pending */
        TOKEN_SUCCEEDED,
        /** SendTaskFailure or a Lambda error arrived; the error is pending */
        TOKEN_FAILED
    }

    ExecutionRecord {
        retries = retries == null ? Map.of() : Map.copyOf(retries);
        path = path == null ? List.of() : List.copyOf(path);
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-and-change: each transition touches several fields at once. */
    static final class Builder {
        String executionArn, stateMachine, name, input, output, error, cause, state, stateInput, taskToken,
                taskFunction, taskPayload, pending;
        ExecutionStatus status;
        Instant startDate, stopDate, enteredAt, dueAt, heartbeatDue, deadline;
        long version;
        Phase phase;
        Map<String, Integer> retries;
        int retryCount;
        List<String> path;

        Builder(ExecutionRecord r) {
            executionArn = r.executionArn; stateMachine = r.stateMachine; name = r.name; input = r.input;
            status = r.status; startDate = r.startDate; stopDate = r.stopDate; output = r.output; error = r.error;
            cause = r.cause; version = r.version; state = r.state; stateInput = r.stateInput; enteredAt = r.enteredAt;
            phase = r.phase; dueAt = r.dueAt; heartbeatDue = r.heartbeatDue; taskToken = r.taskToken;
            taskFunction = r.taskFunction; taskPayload = r.taskPayload; pending = r.pending; retries = r.retries;
            retryCount = r.retryCount; deadline = r.deadline; path = r.path;
        }

        /** Forgets everything that belonged to the phase just left. */
        Builder clearPhase() {
            dueAt = null; heartbeatDue = null; taskToken = null; taskFunction = null; taskPayload = null; pending = null;
            return this;
        }

        ExecutionRecord build() {
            return new ExecutionRecord(executionArn, stateMachine, name, input, status, startDate, stopDate, output,
                    error, cause, version, state, stateInput, enteredAt, phase, dueAt, heartbeatDue, taskToken,
                    taskFunction, taskPayload, pending, retries, retryCount, deadline, path);
        }
    }
}
