package cloud.patchmon.core.errors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A refusal by a service, in words the spec gives to callers. The kind decides the HTTP status
 * at the edge; the message is shown as-is, so it never carries internal detail.
 */
public class DomainException extends RuntimeException {

    public enum Kind { VALIDATION, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED, BAD_REQUEST }

    /** One invalid field, as the spec's {@code {msg, param, location}}. */
    public record FieldViolation(String msg, String param, String location) {
    }

    private final Kind kind;
    private final String detail;
    private final List<FieldViolation> violations;
    private final Duration retryAfter;
    private final Map<String, Object> extras;

    private DomainException(Kind kind, String message, String detail, List<FieldViolation> violations, Duration retryAfter) {
        this(kind, message, detail, violations, retryAfter, Map.of());
    }

    private DomainException(Kind kind, String message, String detail, List<FieldViolation> violations, Duration retryAfter,
                            Map<String, Object> extras) {
        super(Objects.requireNonNull(message));
        this.kind = kind;
        this.detail = detail;
        this.violations = List.copyOf(violations);
        this.retryAfter = retryAfter;
        this.extras = Map.copyOf(extras);
    }

    /** The same refusal with extra response fields the spec names (e.g. {@code remainingAttempts}). */
    public DomainException with(String field, Object value) {
        Map<String, Object> more = new java.util.LinkedHashMap<>(extras);
        more.put(field, value);
        return new DomainException(kind, getMessage(), detail, violations, retryAfter, more);
    }

    /** The same refusal with the spec's second line, {@code "message"} next to {@code "error"}. */
    public DomainException withDetail(String text) {
        return new DomainException(kind, getMessage(), text, violations, retryAfter, extras);
    }

    public Map<String, Object> extras() {
        return extras;
    }

    public static DomainException invalid(List<FieldViolation> violations) {
        return new DomainException(Kind.VALIDATION, "Validation failed", null, violations, null);
    }

    public static DomainException invalid(String param, String msg) {
        return invalid(List.of(new FieldViolation(msg, param, "body")));
    }

    public static DomainException badRequest(String message) {
        return new DomainException(Kind.BAD_REQUEST, message, null, List.of(), null);
    }

    public static DomainException unauthenticated(String message) {
        return new DomainException(Kind.UNAUTHENTICATED, message, null, List.of(), null);
    }

    public static DomainException forbidden(String message) {
        return new DomainException(Kind.FORBIDDEN, message, null, List.of(), null);
    }

    public static DomainException notFound(String message) {
        return new DomainException(Kind.NOT_FOUND, message, null, List.of(), null);
    }

    public static DomainException conflict(String message) {
        return new DomainException(Kind.CONFLICT, message, null, List.of(), null);
    }

    public static DomainException rateLimited(String message, String detail, Duration retryAfter) {
        return new DomainException(Kind.RATE_LIMITED, message, detail, List.of(), retryAfter);
    }

    public Kind kind() {
        return kind;
    }

    /** Optional second line, the spec's {@code "message"} next to {@code "error"}. */
    public String detail() {
        return detail;
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
