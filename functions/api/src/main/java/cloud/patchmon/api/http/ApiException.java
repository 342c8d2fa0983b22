package cloud.patchmon.api.http;

import org.springframework.http.HttpStatus;

/**
 * A refusal whose text is part of the contract (the spec's error strings). Services throw it;
 * the exception handler renders it as {@link ErrorBody}. Its text is shown to callers, so it must
 * never carry internal details.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String detail;

    public ApiException(HttpStatus status, String error) {
        this(status, error, null);
    }

    public ApiException(HttpStatus status, String error, String detail) {
        super(error);
        this.status = status;
        this.detail = detail;
    }

    public HttpStatus status() {
        return status;
    }

    public ErrorBody body() {
        return new ErrorBody(getMessage(), detail);
    }
}
