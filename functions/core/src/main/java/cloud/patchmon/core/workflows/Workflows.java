package cloud.patchmon.core.workflows;

import java.util.Optional;

/**
 * The workflows port: Step Functions Standard in AWS, the local ASL interpreter in {@code ./patchmon up}. Both run the
 * same ASL definitions, named here by their logical name ({@code PatchRun}); the adapter knows where each is deployed.
 * Inputs and outputs are JSON texts (Step Functions carries at most 256 KB: pass keys, not documents).
 *
 * <p>Task tokens are single-use: a token whose task already completed, timed out or whose execution stopped is
 * "already resolved" and the {@code sendTask*} methods answer {@code false} rather than throw, so a late or
 * repeated agent reply is harmless.
 */
public interface Workflows {

    /**
     * Starts an execution. Starting again with the same name and the same input while the first one runs returns
     * that execution (idempotent retries of the caller).
     *
     * @param name unique per state machine: 1–80 of {@code A-Z a-z 0-9 - _}
     * @throws ExecutionAlreadyExistsException when the name was used with another input, or by a closed execution
     * @throws IllegalArgumentException        for an unknown state machine, a malformed name or input
     */
    StartedExecution start(String stateMachine, String name, String input);

    /**
     * Stops a running execution (status {@code ABORTED}); a closed execution is left as it is.
     *
     * @throws ExecutionDoesNotExistException when there is no such execution
     */
    void stop(String executionArn, String error, String cause);

    /** @return {@code false} when the token is unknown or already resolved */
    boolean sendTaskSuccess(String taskToken, String output);

    /** @return {@code false} when the token is unknown or already resolved */
    boolean sendTaskFailure(String taskToken, String error, String cause);

    /** Restarts the task's {@code HeartbeatSeconds} clock. @return {@code false} when the token is unknown or already resolved */
    boolean sendTaskHeartbeat(String taskToken);

    Optional<ExecutionDescription> describe(String executionArn);
}
