package cloud.patchmon.core.patching;

import cloud.patchmon.core.workflows.ExecutionAlreadyExistsException;
import cloud.patchmon.core.workflows.ExecutionDescription;
import cloud.patchmon.core.workflows.StartedExecution;
import cloud.patchmon.core.workflows.Workflows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The workflows port as the service's tests see it: starts are recorded (same name + input is idempotent), tokens are single-use. */
final class RecordingWorkflows implements Workflows {

    record Started(String stateMachine, String name, String input) {
    }

    final Map<String, Started> started = new ConcurrentHashMap<>();
    final List<String> stopped = new CopyOnWriteArrayList<>();
    final Map<String, String> succeeded = new ConcurrentHashMap<>();
    final List<String> heartbeats = new CopyOnWriteArrayList<>();
    /** While set, answering a token fails as an unreachable Step Functions endpoint would. */
    volatile boolean unreachable;

    static String arn(String name) {
        return "arn:test:execution:PatchRun:" + name;
    }

    @Override
    public StartedExecution start(String stateMachine, String name, String input) {
        Started previous = started.putIfAbsent(name, new Started(stateMachine, name, input));
        if (previous != null && !previous.input().equals(input)) {
            throw new ExecutionAlreadyExistsException(name);
        }
        return new StartedExecution(arn(name), Instant.EPOCH);
    }

    @Override
    public void stop(String executionArn, String error, String cause) {
        stopped.add(executionArn);
    }

    @Override
    public boolean sendTaskSuccess(String taskToken, String output) {
        if (unreachable) {
            throw new IllegalStateException("states endpoint unreachable");
        }
        return succeeded.putIfAbsent(taskToken, output) == null;
    }

    @Override
    public boolean sendTaskFailure(String taskToken, String error, String cause) {
        return false;
    }

    @Override
    public boolean sendTaskHeartbeat(String taskToken) {
        heartbeats.add(taskToken);
        return !succeeded.containsKey(taskToken);
    }

    @Override
    public Optional<ExecutionDescription> describe(String executionArn) {
        return Optional.empty();
    }
}
