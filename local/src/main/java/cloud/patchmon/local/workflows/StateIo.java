package cloud.patchmon.local.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A state's input and output processing (InputPath, Parameters, ResultSelector, ResultPath, OutputPath), the context
 * object ({@code $$}) they read, and the fields a state may take from its input by path (Wait's SecondsPath and
 * TimestampPath, a Task's TimeoutSecondsPath and HeartbeatSecondsPath).
 */
final class StateIo {

    private static final DateTimeFormatter CONTEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final JsonPaths paths;
    private final Templates templates;
    private final ExecutionJson json;

    StateIo(JsonPaths paths, Templates templates, ExecutionJson json) {
        this.paths = paths;
        this.templates = templates;
        this.json = json;
    }

    JsonNode inputPath(JsonNode state, JsonNode raw, JsonNode context) {
        return selectPath(state, "InputPath", raw, context);
    }

    JsonNode outputPath(JsonNode state, JsonNode output, JsonNode context) {
        return selectPath(state, "OutputPath", output, context);
    }

    /** Absent: everything; {@code null}: an empty object; else the selected value. */
    private JsonNode selectPath(JsonNode state, String field, JsonNode value, JsonNode context) {
        if (!state.has(field)) {
            return value;
        }
        JsonNode path = state.get(field);
        if (path.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return paths.read(path.asText(), value, context, StatesError.RUNTIME);
    }

    JsonNode parameters(JsonNode state, JsonNode effective, JsonNode context) {
        return state.has("Parameters") ? templates.apply(state.get("Parameters"), effective, context) : effective;
    }

    JsonNode resultSelector(JsonNode state, JsonNode result, JsonNode context) {
        return state.has("ResultSelector") ? templates.apply(state.get("ResultSelector"), result, context) : result;
    }

    /** The ResultPath of a state or a catcher. */
    JsonNode resultPath(JsonNode owner, JsonNode raw, JsonNode result) {
        return resultPath(owner.get("ResultPath"), owner.has("ResultPath"), raw, result);
    }

    /** Absent: the result replaces the input; {@code null}: the input passes through; else the result is placed there. */
    private JsonNode resultPath(JsonNode path, boolean present, JsonNode raw, JsonNode result) {
        if (!present) {
            return result;
        }
        if (path.isNull()) {
            return raw;
        }
        return paths.set(raw, path.asText(), result);
    }

    /** An Error or Cause field of a Fail state, or its ErrorPath / CausePath. */
    String failField(JsonNode state, String field, JsonNode raw, JsonNode context) {
        return state.has(field + "Path") ? paths.read(state.get(field + "Path").asText(), raw, context, StatesError.RUNTIME).asText()
                : state.path(field).asText(null);
    }

    Instant waitUntil(JsonNode state, JsonNode effective, JsonNode context, Instant now) {
        if (state.has("Seconds")) {
            return now.plusSeconds(state.get("Seconds").asLong());
        }
        if (state.has("SecondsPath")) {
            JsonNode seconds = paths.read(state.get("SecondsPath").asText(), effective, context, StatesError.RUNTIME);
            if (!seconds.canConvertToLong() || !seconds.isIntegralNumber() || seconds.asLong() < 0) {
                throw new StatesError(StatesError.RUNTIME, "SecondsPath must select a non-negative integer, got " + seconds);
            }
            return now.plusSeconds(seconds.asLong());
        }
        JsonNode timestamp = state.has("Timestamp") ? state.get("Timestamp")
                : paths.read(state.path("TimestampPath").asText("$"), effective, context, StatesError.RUNTIME);
        return ChoiceRules.timestamp(timestamp).orElseThrow(() -> new StatesError(StatesError.RUNTIME,
                "The Wait state's timestamp is not an RFC 3339 timestamp: " + timestamp));
    }

    long seconds(JsonNode state, String field, JsonNode effective, JsonNode context, long fallback) {
        if (state.has(field)) {
            return state.get(field).asLong();
        }
        if (state.has(field + "Path")) {
            JsonNode value = paths.read(state.get(field + "Path").asText(), effective, context, StatesError.RUNTIME);
            if (!value.isIntegralNumber() || value.decimalValue().compareTo(BigDecimal.ONE) < 0) {
                throw new StatesError(StatesError.RUNTIME, field + "Path must select a positive integer");
            }
            return value.asLong();
        }
        return fallback;
    }

    /** {@code $$}: Execution, State, StateMachine and, for a token task, Task.Token. */
    JsonNode context(ExecutionRecord record, StateMachineDefinition definition, String token) {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", record.executionArn());
        execution.set("Input", json.parse(record.input(), "input"));
        execution.put("Name", record.name());
        execution.put("RoleArn", LocalArns.ROLE);
        execution.put("StartTime", CONTEXT_TIME.format(record.startDate()));
        ObjectNode state = context.putObject("State");
        state.put("EnteredTime", CONTEXT_TIME.format(record.enteredAt()));
        state.put("Name", record.state());
        state.put("RetryCount", record.retryCount());
        ObjectNode machine = context.putObject("StateMachine");
        machine.put("Id", LocalArns.stateMachine(definition.name()));
        machine.put("Name", definition.name());
        if (token != null) {
            context.putObject("Task").put("Token", token);
        }
        return context;
    }
}
