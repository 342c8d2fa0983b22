package cloud.patchmon.api.http;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.InvalidCursorException;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders every failure in the spec's error shapes. Exception text never reaches the caller: it is
 * logged with the request id, and the caller gets a fixed message.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> refused(ApiException e) {
        return ResponseEntity.status(e.status()).body(e.body());
    }

    @ExceptionHandler(DomainException.class)
    ResponseEntity<?> refusedByService(DomainException e) {
        if (e.kind() == DomainException.Kind.VALIDATION) {
            return ResponseEntity.badRequest().body(new ValidationErrors(e.violations().stream()
                    .map(v -> new ValidationErrors.FieldError(v.msg(), v.param(), v.location())).toList()));
        }
        HttpStatus status = switch (e.kind()) {
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case BAD_REQUEST, VALIDATION -> HttpStatus.BAD_REQUEST;
        };
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (e.retryAfter() != null) {
            // Round up: a client that waits the advertised seconds must find the window over.
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        if (e.extras().isEmpty()) {
            return response.body(new ErrorBody(e.getMessage(), e.detail()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        if (e.detail() != null) {
            body.put("message", e.detail());
        }
        body.putAll(e.extras());
        return response.body(body);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ValidationErrors> invalidBody(MethodArgumentNotValidException e) {
        List<ValidationErrors.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new ValidationErrors.FieldError(f.getDefaultMessage(), f.getField(), "body"))
                .toList();
        return ResponseEntity.badRequest().body(new ValidationErrors(errors));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ValidationErrors> invalidParameter(ConstraintViolationException e) {
        List<ValidationErrors.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new ValidationErrors.FieldError(v.getMessage(), lastNode(v.getPropertyPath().toString()), "query"))
                .toList();
        return ResponseEntity.badRequest().body(new ValidationErrors(errors));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ValidationErrors> missingParameter(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(new ValidationErrors(List.of(
                new ValidationErrors.FieldError(e.getParameterName() + " is required", e.getParameterName(), "query"))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ValidationErrors> wrongType(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(new ValidationErrors(List.of(
                new ValidationErrors.FieldError("Invalid value", e.getName(), "query"))));
    }

    @ExceptionHandler(InvalidCursorException.class)
    ResponseEntity<ErrorBody> invalidCursor(InvalidCursorException e) {
        return ResponseEntity.badRequest().body(ErrorBody.of("Invalid pagination cursor"));
    }

    @ExceptionHandler(InvalidBodyFieldException.class)
    ResponseEntity<ValidationErrors> invalidBodyField(InvalidBodyFieldException e) {
        return ResponseEntity.badRequest().body(new ValidationErrors(List.of(new ValidationErrors.FieldError(e.msg(), e.param(), "body"))));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        if (causedBy(e, PayloadTooLargeException.class)) {
            return tooLarge();
        }
        return ResponseEntity.badRequest().body(ErrorBody.of("Invalid JSON in request body"));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ErrorBody> tooLarge() {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(ErrorBody.of("Request entity too large"));
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<ErrorBody> noRoute() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ErrorBody.of("Route not found"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> wrongMethod() {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(ErrorBody.of("Method not allowed"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> wrongMediaType() {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(ErrorBody.of("Content-Type must be application/json"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable() {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).body(ErrorBody.of("Not acceptable"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        LOG.error("unhandled error in request {}", MDC.get(RequestTracingFilter.REQUEST_ID), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ErrorBody.of("Internal server error"));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
