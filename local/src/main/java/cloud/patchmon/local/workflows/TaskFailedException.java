package cloud.patchmon.local.workflows;

/** A function's error as Lambda reports it to Step Functions: its error type and cause. */
public final class TaskFailedException extends RuntimeException {

    private final String error;
    private final String errorCause;

    public TaskFailedException(String error, String cause) {
        super(error);
        this.error = error;
        this.errorCause = cause;
    }

    public String error() {
        return error;
    }

    public String errorCause() {
        return errorCause;
    }
}
