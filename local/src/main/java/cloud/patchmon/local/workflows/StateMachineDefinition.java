package cloud.patchmon.local.workflows;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One parsed ASL definition, checked when registered so that an execution never discovers a dangling Next or an
 * unknown function halfway: the states this interpreter runs, transitions, and the Lambda functions Tasks name.
 */
record StateMachineDefinition(String name, JsonNode root) {

    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    static final String WAIT_FOR_TASK_TOKEN = ".waitForTaskToken";
    private static final Set<String> TYPES = Set.of("Task", "Pass", "Choice", "Wait", "Succeed", "Fail");

    static StateMachineDefinition parse(String name, JsonNode root, Set<String> functions) {
        JsonNode states = root.get("States");
        String startAt = root.path("StartAt").asText(null);
        if (states == null || !states.isObject() || startAt == null || !states.has(startAt)) {
            throw new IllegalArgumentException(name + ": StartAt must name one of States");
        }
        Iterator<Map.Entry<String, JsonNode>> it = states.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            String state = entry.getKey();
            JsonNode body = entry.getValue();
            String type = body.path("Type").asText();
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException(name + "." + state + ": the local interpreter does not run " + type + " states");
            }
            switch (type) {
                case "Choice" -> {
                    for (JsonNode choice : body.path("Choices")) {
                        requireState(name, state, states, choice.path("Next").asText(null));
                    }
                    if (body.has("Default")) {
                        requireState(name, state, states, body.get("Default").asText());
                    }
                }
                case "Succeed", "Fail" -> { }
                default -> {
                    if (!body.path("End").asBoolean(false)) {
                        requireState(name, state, states, body.path("Next").asText(null));
                    }
                }
            }
            for (JsonNode catcher : body.path("Catch")) {
                requireState(name, state, states, catcher.path("Next").asText(null));
            }
            if (type.equals("Task")) {
                String function = functionOf(body);
                if (function != null && !functions.contains(function)) {
                    throw new IllegalArgumentException(name + "." + state + ": no local function " + function);
                }
            }
        }
        return new StateMachineDefinition(name, root);
    }

    /** The Lambda function a Task calls, or {@code null} when it is chosen at run time ({@code FunctionName.$}). */
    static String functionOf(JsonNode task) {
        String resource = task.path("Resource").asText();
        if (resource.equals(LAMBDA_INVOKE) || resource.equals(LAMBDA_INVOKE + WAIT_FOR_TASK_TOKEN)) {
            JsonNode function = task.path("Parameters").get("FunctionName");
            return function == null ? null : function.asText();
        }
        if (resource.endsWith(WAIT_FOR_TASK_TOKEN)) {
            throw new IllegalArgumentException("only Lambda supports .waitForTaskToken locally, not " + resource);
        }
        return resource;
    }

    private static void requireState(String name, String state, JsonNode states, String next) {
        if (next == null || !states.has(next)) {
            throw new IllegalArgumentException(name + "." + state + ": transition to unknown state " + next);
        }
    }

    String startAt() {
        return root.get("StartAt").asText();
    }

    JsonNode state(String stateName) {
        return root.get("States").get(stateName);
    }

    /** The execution's own TimeoutSeconds, 0 for none. */
    long timeoutSeconds() {
        return root.path("TimeoutSeconds").asLong(0);
    }
}
