package cloud.patchmon.local.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ASL paths. Reading uses Jayway JsonPath on Jackson trees (paths starting {@code $$} read the context object);
 * writing ({@code ResultPath}) takes only reference paths — fields and indexes, no filters — as ASL requires.
 */
final class JsonPaths {

    private final ObjectMapper json;
    private final Configuration configuration;

    JsonPaths(ObjectMapper json) {
        this.json = json;
        this.configuration = Configuration.builder()
                .jsonProvider(new JacksonJsonNodeJsonProvider(json))
                .mappingProvider(new JacksonMappingProvider(json))
                .build();
    }

    /** @throws StatesError {@code failure} when the path selects nothing or is malformed */
    JsonNode read(String path, JsonNode input, JsonNode context, String failure) {
        return find(path, input, context).orElseThrow(() -> new StatesError(failure,
                "The JSONPath '" + path + "' could not be found in the input"));
    }

    Optional<JsonNode> find(String path, JsonNode input, JsonNode context) {
        JsonNode document = input;
        String expression = path;
        if (path.startsWith("$$")) {
            document = context;
            expression = path.substring(1);
        }
        if (!expression.startsWith("$")) {
            throw new StatesError(StatesError.RUNTIME, "'" + path + "' is not a JSONPath");
        }
        if (expression.equals("$")) {
            return Optional.of(document);
        }
        try {
            Object value = JsonPath.using(configuration).parse(document).read(expression);
            return Optional.of(value instanceof JsonNode node ? node : json.valueToTree(value));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        } catch (InvalidPathException e) {
            throw new StatesError(StatesError.RUNTIME, "invalid JSONPath '" + path + "'");
        }
    }

    /** {@code target} with {@code value} placed at the reference path (intermediate objects created); {@code target} is not changed. */
    JsonNode set(JsonNode target, String path, JsonNode value) {
        List<Object> segments = referenceSegments(path);
        if (segments.isEmpty()) {
            return value;
        }
        if (!target.isContainerNode()) {
            throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE,
                    "Unable to apply ResultPath '" + path + "' to input " + target);
        }
        JsonNode root = target.deepCopy();
        JsonNode node = root;
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment instanceof String field) {
                if (!(node instanceof ObjectNode object)) {
                    throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath '" + path + "'");
                }
                if (last) {
                    object.set(field, value);
                } else {
                    JsonNode child = object.get(field);
                    if (child == null || !child.isContainerNode()) {
                        child = JsonNodeFactory.instance.objectNode();
                        object.set(field, child);
                    }
                    node = child;
                }
            } else {
                int index = (Integer) segment;
                if (!(node instanceof ArrayNode array) || index >= array.size()) {
                    throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath '" + path + "'");
                }
                if (last) {
                    array.set(index, value);
                } else {
                    node = array.get(index);
                }
            }
        }
        return root;
    }

    /** {@code $}, {@code $.a.b}, {@code $['a b'][0]}: field names and indexes. */
    static List<Object> referenceSegments(String path) {
        if (path == null || !path.startsWith("$") || path.startsWith("$$")) {
            throw new StatesError(StatesError.RUNTIME, "'" + path + "' is not a reference path");
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                String field = path.substring(i + 1, end);
                if (field.isEmpty() || field.contains("*")) {
                    throw new StatesError(StatesError.RUNTIME, "'" + path + "' is not a reference path");
                }
                segments.add(field);
                i = end;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new StatesError(StatesError.RUNTIME, "'" + path + "' is not a reference path");
                }
                String inner = path.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\""))) {
                    segments.add(inner.substring(1, inner.length() - 1));
                } else if (inner.matches("\\d+")) {
                    segments.add(Integer.parseInt(inner));
                } else {
                    throw new StatesError(StatesError.RUNTIME, "'" + path + "' is not a reference path");
                }
                i = close + 1;
            } else {
                throw new StatesError(StatesError.RUNTIME, "'" + path + "' is not a reference path");
            }
        }
        return segments;
    }
}
