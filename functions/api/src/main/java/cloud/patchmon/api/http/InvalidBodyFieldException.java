package cloud.patchmon.api.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A body field that a strictly read body got wrong: a wrong JSON type, or a required field missing
 * or null. Rendered as the spec's validation error naming the field ({@code packages[3].needsUpdate});
 * the message is fixed by the kind of problem, never the parser's text.
 */
public class InvalidBodyFieldException extends HttpMessageNotReadableException {

    private final String param;
    private final String msg;

    private InvalidBodyFieldException(String param, String msg, MismatchedInputException cause, HttpInputMessage input) {
        super("invalid body field " + param, cause, input);
        this.param = param;
        this.msg = msg;
    }

    /** The field error {@code problem} describes; empty when it names no field (the body as a whole is wrong). */
    public static Optional<InvalidBodyFieldException> of(JsonMappingException problem, HttpInputMessage input) {
        if (!(problem instanceof MismatchedInputException mismatch) || problem.getPath().isEmpty()) {
            return Optional.empty();
        }
        String param = param(problem.getPath());
        String msg;
        if (mismatch instanceof InvalidNullException) {
            msg = param.endsWith("]") ? param + " must not be null" : param + " is required";
        } else {
            msg = param + " must be " + expected(mismatch.getTargetType());
        }
        return Optional.of(new InvalidBodyFieldException(param, msg, mismatch, input));
    }

    private static String param(List<JsonMappingException.Reference> path) {
        StringBuilder param = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                param.append(param.isEmpty() ? "" : ".").append(step.getFieldName());
            } else {
                param.append('[').append(step.getIndex()).append(']');
            }
        }
        return param.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
                || type == short.class || type == BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    public String param() {
        return param;
    }

    public String msg() {
        return msg;
    }
}
