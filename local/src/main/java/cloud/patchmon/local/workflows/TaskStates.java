package cloud.patchmon.local.workflows;

import cloud.patchmon.local.workflows.ExecutionRecord.Phase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * Task states: a plain Lambda call whose answer is the result, or {@code .waitForTaskToken}, which issues a token,
 * calls the function, then waits for SendTask* until TimeoutSeconds or HeartbeatSeconds runs out.
 */
final class TaskStates {

    /** Step Functions' default for a Task without TimeoutSeconds: 99,999,999 s. */
    private static final long DEFAULT_TASK_TIMEOUT = 99_999_999L;

    private final TaskInvoker invoker;
    private final StateIo io;
    private final Outcomes outcomes;
    private final RetryCatch errors;
    private final ExecutionJson json;
    private final WorkflowMeter meter;

    TaskStates(TaskInvoker invoker, StateIo io, Outcomes outcomes, RetryCatch errors, ExecutionJson json, WorkflowMeter meter) {
        this.invoker = invoker;
        this.meter = meter;
        this.io = io;
        this.outcomes = outcomes;
        this.errors = errors;
        this.json = json;
    }

    ExecutionRecord.Builder enter(ExecutionRecord record, StateMachineDefinition definition, JsonNode state, JsonNode raw, Instant now) {
        String resource = state.get("Resource").asText();
        boolean waitsForToken = resource.endsWith(StateMachineDefinition.WAIT_FOR_TASK_TOKEN);
        boolean lambdaInvoke = resource.startsWith(StateMachineDefinition.LAMBDA_INVOKE);
        String token = waitsForToken ? TaskTokens.issue(record.executionArn()) : null;
        JsonNode context = io.context(record, definition, token);
        try {
            JsonNode effective = io.parameters(state, io.inputPath(state, raw, context), context);
            String function = lambdaInvoke ? effective.path("FunctionName").asText(null) : resource;
            if (function == null || !invoker.functions().contains(function)) {
                throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + function);
            }
            JsonNode payload = lambdaInvoke ? effective.path("Payload") : effective;
            if (payload.isMissingNode()) {
                payload = JsonNodeFactory.instance.objectNode();
            }
            if (waitsForToken) {
                ExecutionRecord.Builder issued = record.toBuilder().clearPhase();
                issued.phase = Phase.TOKEN_INVOKE;
                issued.taskToken = token;
                issued.taskFunction = function;
                issued.taskPayload = json.write(payload);
                issued.dueAt = now.plusSeconds(io.seconds(state, "TimeoutSeconds", effective, context, DEFAULT_TASK_TIMEOUT));
                long heartbeat = io.seconds(state, "HeartbeatSeconds", effective, context, 0);
                issued.heartbeatDue = heartbeat > 0 ? now.plusSeconds(heartbeat) : null;
                return issued;
            }
            JsonNode result = invoke(function, payload);
            return succeeded(record, definition, state, lambdaInvoke ? lambdaInvokeResult(result) : result, now);
        } catch (StatesError e) {
            return errors.taskFailed(record, state, e, now);
        }
    }

    /** Calls a token task's function; a function error fails the task like SendTaskFailure would. */
    ExecutionRecord.Builder invokeTokenTask(ExecutionRecord record) {
        ExecutionRecord.Builder next = record.toBuilder();
        try {
            invoke(record.taskFunction(), json.parse(record.taskPayload(), "task payload"));
            next.phase = Phase.TOKEN_WAIT;
        } catch (StatesError e) {
            ObjectNode failure = JsonNodeFactory.instance.objectNode();
            failure.put("Error", e.error());
            failure.put("Cause", e.errorCause());
            next.phase = Phase.TOKEN_FAILED;
            next.pending = json.write(failure);
        }
        return next;
    }

    /** Until SendTask* or a deadline: the earlier of TimeoutSeconds and the heartbeat's. */
    Step awaitToken(ExecutionRecord record, JsonNode state, Instant now) {
        if (!now.isBefore(record.dueAt())) {
            return new Step.Commit(errors.taskFailed(record, state, new StatesError(StatesError.TIMEOUT, "The task did not complete within its TimeoutSeconds"), now));
        }
        if (record.heartbeatDue() != null && !now.isBefore(record.heartbeatDue())) {
            return new Step.Commit(errors.taskFailed(record, state, new StatesError(StatesError.HEARTBEAT_TIMEOUT, "No heartbeat within HeartbeatSeconds"), now));
        }
        Instant wake = record.heartbeatDue() != null && record.heartbeatDue().isBefore(record.dueAt()) ? record.heartbeatDue() : record.dueAt();
        return new Step.Block(wake);
    }

    /** The task's result through ResultSelector, ResultPath and OutputPath, then on to Next. */
    ExecutionRecord.Builder succeeded(ExecutionRecord record, StateMachineDefinition definition, JsonNode state, JsonNode result, Instant now) {
        try {
            JsonNode raw = json.parse(record.stateInput(), "state input");
            JsonNode context = io.context(record, definition, record.taskToken());
            JsonNode selected = io.resultSelector(state, result, context);
            return outcomes.advance(record, state, io.outputPath(state, io.resultPath(state, raw, selected), context), now);
        } catch (StatesError e) {
            return errors.taskFailed(record, state, e, now);
        }
    }

    /** SendTaskFailure's (or the function's) error, as {@code {"Error", "Cause"}}. */
    ExecutionRecord.Builder failed(ExecutionRecord record, JsonNode state, JsonNode failure, Instant now) {
        return errors.taskFailed(record, state, new StatesError(
                failure.path("Error").isNull() ? null : failure.path("Error").asText(),
                failure.path("Cause").isNull() ? null : failure.path("Cause").asText()), now);
    }

    private JsonNode invoke(String function, JsonNode payload) {
        meter.invoked();
        try {
            JsonNode result = invoker.invoke(function, payload);
            return result == null ? JsonNodeFactory.instance.nullNode() : result;
        } catch (TaskFailedException e) {
            throw new StatesError(e.error(), e.errorCause());
        }
    }

    /** What the optimised Lambda integration returns around the function's answer. */
    private static JsonNode lambdaInvokeResult(JsonNode payload) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("ExecutedVersion", "$LATEST");
        result.set("Payload", payload);
        result.put("StatusCode", 200);
        return result;
    }
}
