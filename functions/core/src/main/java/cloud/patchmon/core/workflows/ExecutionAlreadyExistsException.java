package cloud.patchmon.core.workflows;

/** StartExecution with a name already taken by an execution with another input, or a closed one. */
public final class ExecutionAlreadyExistsException extends RuntimeException {
    public ExecutionAlreadyExistsException(String name) {
        super("an execution named '" + name + "' already exists");
    }
}
