package cloud.patchmon.local.workflows;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Lambda functions for the tests: each answers from a script and records the payloads it was called with. */
final class ScriptedFunctions implements TaskInvoker {

    private final Map<String, Function<JsonNode, JsonNode>> functions = new LinkedHashMap<>();
    private final Map<String, List<JsonNode>> calls = new LinkedHashMap<>();

    ScriptedFunctions define(String function, Function<JsonNode, JsonNode> behaviour) {
        functions.put(function, behaviour);
        calls.put(function, new CopyOnWriteArrayList<>());
        return this;
    }

    /**
     * The n-th call answers the n-th step; the last step repeats. A step is a JSON result, a thrown failure, or a
     * function of the payload (e.g. one answering its own task token while it runs).
     */
    @SuppressWarnings("unchecked")
    ScriptedFunctions script(String function, List<Object> steps) {
        int[] n = {0};
        return define(function, payload -> {
            Object step = steps.get(Math.min(n[0]++, steps.size() - 1));
            if (step instanceof TaskFailedException failure) {
                throw new TaskFailedException(failure.error(), failure.errorCause());
            }
            if (step instanceof Function<?, ?> behaviour) {
                return ((Function<JsonNode, JsonNode>) behaviour).apply(payload);
            }
            return (JsonNode) step;
        });
    }

    List<JsonNode> calls(String function) {
        return new ArrayList<>(calls.get(function));
    }

    @Override
    public Set<String> functions() {
        return functions.keySet();
    }

    @Override
    public JsonNode invoke(String function, JsonNode payload) {
        calls.get(function).add(payload);
        return functions.get(function).apply(payload);
    }
}
