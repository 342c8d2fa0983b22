package cloud.patchmon.local.workflows;

import cloud.patchmon.core.workflows.ExecutionStatus;
import cloud.patchmon.local.workflows.ExecutionRecord.Phase;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * One step of an execution from its stored record: the execution's own timeout, then the state's phase — entering
 * a Pass, Choice, Wait, Succeed or Fail state (Tasks go to {@link TaskStates}), a Wait or back-off ending, a token
 * task's call, wait and answer.
 */
final class StateSteps {

    private final Map<String, StateMachineDefinition> machines;
    private final StateIo io;
    private final ChoiceRules choices;
    private final Outcomes outcomes;
    private final TaskStates tasks;
    private final ExecutionJson json;

    StateSteps(Map<String, StateMachineDefinition> machines, StateIo io, ChoiceRules choices, Outcomes outcomes,
               TaskStates tasks, ExecutionJson json) {
        this.machines = machines;
        this.io = io;
        this.choices = choices;
        this.outcomes = outcomes;
        this.tasks = tasks;
        this.json = json;
    }

    Step step(ExecutionRecord record, Instant now) {
        Step step = uncapped(record, now);
        // whatever a state waits for, the execution's own TimeoutSeconds comes first
        if (step instanceof Step.Block block && record.deadline() != null && record.deadline().isBefore(block.until())) {
            return new Step.Block(record.deadline());
        }
        return step;
    }

    private Step uncapped(ExecutionRecord record, Instant now) {
        if (record.deadline() != null && !now.isBefore(record.deadline())) {
            return new Step.Commit(Outcomes.closed(record, ExecutionStatus.TIMED_OUT, StatesError.TIMEOUT,
                    "The execution ran longer than its TimeoutSeconds", now));
        }
        StateMachineDefinition definition = machines.get(record.stateMachine());
        if (definition == null) {
            return new Step.Commit(outcomes.failed(record, now, new StatesError(StatesError.RUNTIME,
                    "the state machine " + record.stateMachine() + " is no longer defined")));
        }
        JsonNode state = definition.state(record.state());
        if (state == null) {
            return new Step.Commit(outcomes.failed(record, now, new StatesError(StatesError.RUNTIME,
                    "the state " + record.state() + " is no longer in " + record.stateMachine())));
        }
        try {
            return switch (record.phase()) {
                case ENTER -> new Step.Commit(enter(record, definition, state, now));
                case WAITING -> now.isBefore(record.dueAt()) ? new Step.Block(record.dueAt())
                        : new Step.Commit(outcomes.advance(record, state, json.parse(record.pending(), "pending"), now));
                case RETRY_BACKOFF -> {
                    if (now.isBefore(record.dueAt())) {
                        yield new Step.Block(record.dueAt());
                    }
                    ExecutionRecord.Builder again = record.toBuilder().clearPhase();
                    again.phase = Phase.ENTER;
                    yield new Step.Commit(again);
                }
                case TOKEN_INVOKE -> new Step.Commit(tasks.invokeTokenTask(record));
                case TOKEN_WAIT -> tasks.awaitToken(record, state, now);
                case TOKEN_SUCCEEDED -> new Step.Commit(tasks.succeeded(record, definition, state, json.parse(record.pending(), "pending"), now));
                case TOKEN_FAILED -> new Step.Commit(tasks.failed(record, state, json.parse(record.pending(), "pending"), now));
            };
        } catch (StatesError e) {
            return new Step.Commit(outcomes.failed(record, now, e));
        }
    }

    private ExecutionRecord.Builder enter(ExecutionRecord record, StateMachineDefinition definition, JsonNode state, Instant now) {
        JsonNode raw = json.parse(record.stateInput(), "state input");
        JsonNode context = io.context(record, definition, null);
        String type = state.get("Type").asText();
        return switch (type) {
            case "Pass" -> {
                JsonNode effective = io.parameters(state, io.inputPath(state, raw, context), context);
                JsonNode result = state.has("Result") ? state.get("Result") : effective;
                yield outcomes.advance(record, state, io.outputPath(state, io.resultPath(state, raw, result), context), now);
            }
            case "Choice" -> {
                JsonNode effective = io.inputPath(state, raw, context);
                yield outcomes.transition(record, chosen(state, effective, context), io.outputPath(state, effective, context), now);
            }
            case "Wait" -> {
                JsonNode effective = io.inputPath(state, raw, context);
                ExecutionRecord.Builder waiting = record.toBuilder().clearPhase();
                waiting.phase = Phase.WAITING;
                waiting.dueAt = io.waitUntil(state, effective, context, now);
                waiting.pending = json.write(io.outputPath(state, effective, context));
                yield waiting;
            }
            case "Succeed" -> outcomes.succeeded(record, io.outputPath(state, io.inputPath(state, raw, context), context), now);
            case "Fail" -> Outcomes.closed(record, ExecutionStatus.FAILED, io.failField(state, "Error", raw, context),
                    io.failField(state, "Cause", raw, context), now);
            case "Task" -> tasks.enter(record, definition, state, raw, now);
            default -> throw new StatesError(StatesError.RUNTIME, "unsupported state type " + type);
        };
    }

    /** The first Choice rule that matches, else Default. */
    private String chosen(JsonNode state, JsonNode effective, JsonNode context) {
        for (JsonNode choice : state.get("Choices")) {
            if (choices.matches(choice, effective, context)) {
                return choice.get("Next").asText();
            }
        }
        if (!state.has("Default")) {
            throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Choice rule matched and there is no Default");
        }
        return state.get("Default").asText();
    }
}
