package cloud.patchmon.local.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Payload templates ({@code Parameters}, {@code ResultSelector}): a field ending in {@code .$} takes the value of a
 * path ({@code $.x}), a context path ({@code $$.Task.Token}) or an intrinsic function call, under the name without
 * the suffix; everything else is copied as it is.
 */
final class Templates {

    private final JsonPaths paths;
    private final Intrinsics intrinsics;

    Templates(JsonPaths paths, Intrinsics intrinsics) {
        this.paths = paths;
        this.intrinsics = intrinsics;
    }

    JsonNode apply(JsonNode template, JsonNode input, JsonNode context) {
        if (template instanceof ObjectNode object) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                if (name.endsWith(".$")) {
                    if (!field.getValue().isTextual()) {
                        throw new StatesError(StatesError.RUNTIME, "the value of " + name + " must be a path or a call");
                    }
                    String expression = field.getValue().asText();
                    JsonNode value = Intrinsics.isCall(expression)
                            ? intrinsics.evaluate(expression, input, context)
                            : paths.read(expression, input, context, StatesError.PARAMETER_PATH_FAILURE);
                    out.set(name.substring(0, name.length() - 2), value);
                } else {
                    out.set(name, apply(field.getValue(), input, context));
                }
            }
            return out;
        }
        if (template instanceof ArrayNode array) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            array.forEach(element -> out.add(apply(element, input, context)));
            return out;
        }
        return template;
    }
}
