package cloud.patchmon.local.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON as executions keep it: text in the stored record, trees while a state runs. */
final class ExecutionJson {

    private final ObjectMapper json;

    ExecutionJson(ObjectMapper json) {
        this.json = json;
    }

    JsonNode definition(String name, String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the definition of " + name + " is not JSON");
        }
    }

    /** @param what names the text in the exception when it is missing or not JSON */
    JsonNode parse(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        try {
            JsonNode node = json.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(what);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what);
        }
    }

    String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
