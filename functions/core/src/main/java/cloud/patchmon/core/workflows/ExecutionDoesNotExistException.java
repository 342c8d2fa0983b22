package cloud.patchmon.core.workflows;

public final class ExecutionDoesNotExistException extends RuntimeException {
    public ExecutionDoesNotExistException(String executionArn) {
        super("no execution " + executionArn);
    }
}
