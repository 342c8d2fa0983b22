package cloud.patchmon.local.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The intrinsic functions the definitions use, in {@code "field.$": "States.Format('run {}', $.run_id)"}:
 * States.Format, StringToJson, JsonToString, Array, ArrayLength, ArrayGetItem, MathAdd and UUID. Arguments are
 * quoted strings ({@code \'}, {@code \{}, {@code \}}, {@code \\} escaped), numbers, booleans, null, paths and
 * nested calls.
 */
final class Intrinsics {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper json;
    private final JsonPaths paths;

    Intrinsics(ObjectMapper json, JsonPaths paths) {
        this.json = json;
        this.paths = paths;
    }

    static boolean isCall(String expression) {
        return expression.startsWith("States.");
    }

    JsonNode evaluate(String expression, JsonNode input, JsonNode context) {
        Parser parser = new Parser(expression, input, context);
        JsonNode value = parser.call();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw failure("unexpected text after the call in " + expression);
        }
        return value;
    }

    private JsonNode apply(String function, List<JsonNode> args) {
        return switch (function) {
            case "States.Format" -> format(args);
            case "States.StringToJson" -> {
                requireArity(function, args, 1);
                try {
                    yield json.readTree(text(function, args.get(0)));
                } catch (JsonProcessingException e) {
                    throw failure("States.StringToJson: the argument is not JSON");
                }
            }
            case "States.JsonToString" -> {
                requireArity(function, args, 1);
                yield NODES.textNode(args.get(0).toString());
            }
            case "States.Array" -> {
                ArrayNode array = NODES.arrayNode();
                args.forEach(array::add);
                yield array;
            }
            case "States.ArrayLength" -> {
                requireArity(function, args, 1);
                yield NODES.numberNode(array(function, args.get(0)).size());
            }
            case "States.ArrayGetItem" -> {
                requireArity(function, args, 2);
                ArrayNode array = array(function, args.get(0));
                int index = args.get(1).asInt(-1);
                if (!args.get(1).canConvertToInt() || index < 0 || index >= array.size()) {
                    throw failure("States.ArrayGetItem: index out of bounds");
                }
                yield array.get(index);
            }
            case "States.MathAdd" -> {
                requireArity(function, args, 2);
                if (!args.get(0).isNumber() || !args.get(1).isNumber()) {
                    throw failure("States.MathAdd takes two numbers");
                }
                BigDecimal sum = args.get(0).decimalValue().add(args.get(1).decimalValue());
                yield sum.stripTrailingZeros().scale() <= 0 ? NODES.numberNode(sum.longValueExact()) : NODES.numberNode(sum);
            }
            case "States.UUID" -> {
                requireArity(function, args, 0);
                yield NODES.textNode(UUID.randomUUID().toString());
            }
            default -> throw failure("unsupported intrinsic function " + function);
        };
    }

    private JsonNode format(List<JsonNode> args) {
        if (args.isEmpty()) {
            throw failure("States.Format needs a template");
        }
        String template = text("States.Format", args.get(0));
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\u0000') {
                // an escaped brace or quote, kept literally by the parser
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw failure("States.Format has more {} than arguments");
                }
                JsonNode arg = args.get(next++);
                out.append(arg.isTextual() ? arg.asText() : arg.toString());
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw failure("States.Format has more arguments than {}");
        }
        return NODES.textNode(out.toString());
    }

    private static void requireArity(String function, List<JsonNode> args, int arity) {
        if (args.size() != arity) {
            throw failure(function + " takes " + arity + " argument(s)");
        }
    }

    private static String text(String function, JsonNode node) {
        if (!node.isTextual()) {
            throw failure(function + " expects a string argument");
        }
        return node.asText().replace("\u0000", "");
    }

    private static ArrayNode array(String function, JsonNode node) {
        if (!(node instanceof ArrayNode array)) {
            throw failure(function + " expects an array argument");
        }
        return array;
    }

    private static StatesError failure(String cause) {
        return new StatesError(StatesError.INTRINSIC_FAILURE, cause);
    }

    private final class Parser {
        private final String text;
        private final JsonNode input;
        private final JsonNode context;
        private int pos;

        Parser(String text, JsonNode input, JsonNode context) {
            this.text = text;
            this.input = input;
            this.context = context;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        JsonNode call() {
            skipSpaces();
            int open = text.indexOf('(', pos);
            if (open < 0) {
                throw failure("'" + text + "' is not an intrinsic function call");
            }
            String name = text.substring(pos, open).trim();
            pos = open + 1;
            List<JsonNode> args = new ArrayList<>();
            skipSpaces();
            if (!atEnd() && text.charAt(pos) == ')') {
                pos++;
                return apply(name, args);
            }
            while (true) {
                args.add(argument());
                skipSpaces();
                if (atEnd()) {
                    throw failure("unclosed call in " + text);
                }
                char c = text.charAt(pos++);
                if (c == ')') {
                    return apply(name, args);
                }
                if (c != ',') {
                    throw failure("expected , or ) in " + text);
                }
            }
        }

        private JsonNode argument() {
            skipSpaces();
            if (atEnd()) {
                throw failure("missing argument in " + text);
            }
            char c = text.charAt(pos);
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                int start = pos;
                int depth = 0;
                while (!atEnd()) {
                    char d = text.charAt(pos);
                    if (d == '[' || d == '(') {
                        depth++;
                    } else if (d == ']' || d == ')') {
                        if (depth == 0) {
                            break;
                        }
                        depth--;
                    } else if (d == ',' && depth == 0) {
                        break;
                    }
                    pos++;
                }
                return paths.read(text.substring(start, pos).trim(), input, context, StatesError.INTRINSIC_FAILURE);
            }
            if (text.startsWith("States.", pos)) {
                return call();
            }
            int start = pos;
            while (!atEnd() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
                pos++;
            }
            String literal = text.substring(start, pos).trim();
            try {
                JsonNode value = json.readTree(literal);
                if (value == null || value.isContainerNode() || value.isTextual()) {
                    throw failure("bad argument " + literal);
                }
                return value;
            } catch (JsonProcessingException e) {
                throw failure("bad argument " + literal);
            }
        }

        /** A quoted string; escaped braces are marked so States.Format keeps them literal. */
        private JsonNode string() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (!atEnd()) {
                char c = text.charAt(pos++);
                if (c == '\\' && !atEnd()) {
                    char escaped = text.charAt(pos++);
                    if (escaped == '{' || escaped == '}') {
                        out.append('\u0000');
                    }
                    out.append(escaped);
                } else if (c == '\'') {
                    return NODES.textNode(out.toString());
                } else {
                    out.append(c);
                }
            }
            throw failure("unterminated string in " + text);
        }
    }
}
