package cloud.patchmon.local.workflows;

/**
 * An error inside an execution, named as Step Functions names it ({@code States.Timeout}, a Lambda function's
 * error type, a Fail state's Error): what Retry and Catch match and what a failed execution reports.
 */
final class StatesError extends RuntimeException {

    static final String ALL = "States.ALL";
    static final String TASK_FAILED = "States.TaskFailed";
    static final String TIMEOUT = "States.Timeout";
    static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    static final String RUNTIME = "States.Runtime";
    static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
    static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";

    private final String error;
    private final String errorCause;

    StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.errorCause = cause;
    }

    String error() {
        return error;
    }

    String errorCause() {
        return errorCause;
    }

    boolean isTimeout() {
        return TIMEOUT.equals(error) || HEARTBEAT_TIMEOUT.equals(error);
    }

    /** One name of a Retry's or Catch's ErrorEquals against this error, in a Task state. */
    boolean matches(String name) {
        return switch (name) {
            case ALL -> true;
            case TASK_FAILED -> !isTimeout();
            case TIMEOUT -> isTimeout();
            default -> name.equals(error);
        };
    }
}
