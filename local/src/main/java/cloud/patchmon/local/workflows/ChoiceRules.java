package cloud.patchmon.local.workflows;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Choice rules: And, Or, Not and every comparison of the ASL (String*, Numeric*, Boolean*, Timestamp*, each with its
 * {@code Path} form, StringMatches) plus the type tests (IsPresent, IsNull, IsNumeric, IsString, IsBoolean,
 * IsTimestamp). A comparison whose value has the wrong type is false; a Variable that selects nothing is a
 * States.Runtime error except under IsPresent, as in Step Functions.
 */
final class ChoiceRules {

    private static final Set<String> NOT_OPERATORS = Set.of("Variable", "Next", "Comment");

    private final JsonPaths paths;

    ChoiceRules(JsonPaths paths) {
        this.paths = paths;
    }

    boolean matches(JsonNode rule, JsonNode input, JsonNode context) {
        if (rule.has("And")) {
            for (JsonNode inner : rule.get("And")) {
                if (!matches(inner, input, context)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode inner : rule.get("Or")) {
                if (matches(inner, input, context)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input, context);
        }
        String variable = rule.path("Variable").asText(null);
        String operator = operator(rule);
        if (variable == null) {
            throw new StatesError(StatesError.RUNTIME, "a choice rule needs a Variable");
        }
        JsonNode operand = rule.get(operator);
        Optional<JsonNode> found = paths.find(variable, input, context);
        if (operator.equals("IsPresent")) {
            return found.isPresent() == operand.asBoolean();
        }
        JsonNode value = found.orElseThrow(() -> new StatesError(StatesError.RUNTIME,
                "Invalid path '" + variable + "': The choice state's condition path references an invalid value."));
        if (operator.endsWith("Path")) {
            operand = paths.read(operand.asText(), input, context, StatesError.RUNTIME);
            operator = operator.substring(0, operator.length() - "Path".length());
        }
        return compare(operator, value, operand);
    }

    private static String operator(JsonNode rule) {
        Iterator<String> names = rule.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!NOT_OPERATORS.contains(name)) {
                return name;
            }
        }
        throw new StatesError(StatesError.RUNTIME, "a choice rule needs a comparison");
    }

    private static boolean compare(String operator, JsonNode value, JsonNode operand) {
        return switch (operator) {
            case "IsNull" -> value.isNull() == operand.asBoolean();
            case "IsNumeric" -> value.isNumber() == operand.asBoolean();
            case "IsString" -> value.isTextual() == operand.asBoolean();
            case "IsBoolean" -> value.isBoolean() == operand.asBoolean();
            case "IsTimestamp" -> timestamp(value).isPresent() == operand.asBoolean();
            case "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals" ->
                    value.isTextual() && operand.isTextual()
                            && ordered(operator.substring("String".length()), value.asText().compareTo(operand.asText()));
            case "StringMatches" -> value.isTextual() && operand.isTextual() && glob(value.asText(), operand.asText());
            case "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals" ->
                    value.isNumber() && operand.isNumber()
                            && ordered(operator.substring("Numeric".length()), value.decimalValue().compareTo(operand.decimalValue()));
            case "BooleanEquals" -> value.isBoolean() && operand.isBoolean() && value.asBoolean() == operand.asBoolean();
            case "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals" -> {
                Optional<Instant> left = timestamp(value);
                Optional<Instant> right = timestamp(operand);
                yield left.isPresent() && right.isPresent()
                        && ordered(operator.substring("Timestamp".length()), left.get().compareTo(right.get()));
            }
            default -> throw new StatesError(StatesError.RUNTIME, "unsupported choice operator " + operator);
        };
    }

    private static boolean ordered(String relation, int comparison) {
        return switch (relation) {
            case "Equals" -> comparison == 0;
            case "LessThan" -> comparison < 0;
            case "GreaterThan" -> comparison > 0;
            case "LessThanEquals" -> comparison <= 0;
            case "GreaterThanEquals" -> comparison >= 0;
            default -> throw new StatesError(StatesError.RUNTIME, "unsupported comparison " + relation);
        };
    }

    /** {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
    static boolean glob(String value, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches("(?s)" + regex);
    }

    /** RFC 3339 with an upper-case T and a zone (Z or an offset), as Step Functions accepts. */
    static Optional<Instant> timestamp(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
