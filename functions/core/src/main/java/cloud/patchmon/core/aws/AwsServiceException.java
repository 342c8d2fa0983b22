package cloud.patchmon.core.aws;

/**
 * An AWS service refused a call with an error its caller has no meaning for (access denied, throttled past the
 * retries, a 5xx). An {@link IllegalStateException}, as the adapters threw before they shared {@link SignedJsonClient}.
 */
public final class AwsServiceException extends IllegalStateException {

    private final int status;
    private final String errorType;

    public AwsServiceException(String service, String operation, int status, String errorType) {
        super(service + " " + operation + " answered HTTP " + status + (errorType.isEmpty() ? "" : " " + errorType));
        this.status = status;
        this.errorType = errorType;
    }

    public int status() {
        return status;
    }

    /** Without namespace or suffix ({@code ThrottlingException}); empty when the answer named none. */
    public String errorType() {
        return errorType;
    }
}
