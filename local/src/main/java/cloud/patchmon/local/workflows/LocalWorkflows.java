package cloud.patchmon.local.workflows;

import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.workflows.ExecutionAlreadyExistsException;
import cloud.patchmon.core.workflows.ExecutionDescription;
import cloud.patchmon.core.workflows.ExecutionDoesNotExistException;
import cloud.patchmon.core.workflows.ExecutionNames;
import cloud.patchmon.core.workflows.ExecutionStatus;
import cloud.patchmon.core.workflows.StartedExecution;
import cloud.patchmon.core.workflows.Workflows;
import cloud.patchmon.local.workflows.ExecutionRecord.Phase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The local stand-in for Step Functions Standard: interprets the same ASL definitions CDK deploys (Task, Pass, Choice,
 * Wait, Succeed, Fail; Retry and Catch; {@code .waitForTaskToken} with TimeoutSeconds and HeartbeatSeconds; InputPath,
 * Parameters, ResultSelector, ResultPath, OutputPath with the context object; the intrinsics in {@link Intrinsics}).
 * This class is the service's API; {@link StateSteps} runs the states, {@link ExecutionLoop} advances executions,
 * {@link TokenCallbacks} answers SendTask*.
 *
 * <p>Every transition is written to the store before the next one runs, so an execution survives a restart:
 * {@link #resume()} picks up every open execution, a Wait or back-off sleeps until its time, a waiting task token stays
 * valid. Nothing polls: each blocked execution has one timer for its next deadline. One execution advances on one
 * thread at a time; SendTask* and StopExecution change it with optimistic writes and then wake it.
 *
 * <p>Not emulated: Parallel and Map, TimeoutSeconds of Tasks that do not wait for a token (the Lambda's own timeout
 * applies), and the 25,000-event history limit.
 */
public final class LocalWorkflows implements Workflows, AutoCloseable {

    private final ExecutionRepository repository;
    private final Map<String, StateMachineDefinition> machines;
    private final Timers timers;
    private final ExecutionJson json;
    private final ExecutionLoop loop;
    private final TokenCallbacks tokens;
    private final WorkflowMeter meter = new WorkflowMeter();

    /**
     * @param definitions state machine name → ASL text, placeholders already substituted
     * @param executor    where executions advance (a direct executor in tests makes every call run to its next wait)
     */
    public LocalWorkflows(ItemStore store, Map<String, String> definitions, TaskInvoker invoker, Timers timers,
                          Executor executor, ObjectMapper mapper) {
        this.repository = new ExecutionRepository(store);
        this.timers = timers;
        this.json = new ExecutionJson(mapper);
        Map<String, StateMachineDefinition> parsed = new LinkedHashMap<>();
        definitions.forEach((name, text) -> parsed.put(name, StateMachineDefinition.parse(name, json.definition(name, text), invoker.functions())));
        this.machines = Map.copyOf(parsed);
        JsonPaths paths = new JsonPaths(mapper);
        StateIo io = new StateIo(paths, new Templates(paths, new Intrinsics(mapper, paths)), json);
        Outcomes outcomes = new Outcomes(json);
        RetryCatch errors = new RetryCatch(io, outcomes, json);
        StateSteps steps = new StateSteps(machines, io, new ChoiceRules(paths), outcomes,
                new TaskStates(invoker, io, outcomes, errors, json, meter), json);
        this.loop = new ExecutionLoop(repository, steps, timers, executor, meter);
        this.tokens = new TokenCallbacks(repository, machines, loop, timers);
    }

    /** Continues every execution that was running when the stack last stopped. @return how many */
    public int resume() {
        List<ExecutionRecord> open = repository.open();
        open.forEach(record -> loop.drive(record.executionArn()));
        return open.size();
    }

    /** State transitions and Task invocations of every execution so far, as Step Functions would bill them. */
    public WorkflowMeter meter() {
        return meter;
    }

    /** The states an execution has entered, in order (its history, as the tests compare it). */
    public List<String> statesEntered(String executionArn) {
        return repository.find(executionArn).map(ExecutionRecord::path).orElseThrow(() -> new ExecutionDoesNotExistException(executionArn));
    }

    @Override
    public StartedExecution start(String stateMachine, String name, String input) {
        StateMachineDefinition definition = machines.get(stateMachine);
        if (definition == null) {
            throw new IllegalArgumentException("unknown state machine " + stateMachine);
        }
        ExecutionNames.require(name);
        JsonNode parsedInput = json.parse(input, "the execution input must be JSON");
        Instant now = timers.clock().instant();
        String arn = LocalArns.execution(stateMachine, name);
        long timeout = definition.timeoutSeconds();
        ExecutionRecord record = new ExecutionRecord(arn, stateMachine, name, json.write(parsedInput), ExecutionStatus.RUNNING,
                now, null, null, null, null, 0, definition.startAt(), json.write(parsedInput), now, Phase.ENTER,
                null, null, null, null, null, null, Map.of(), 0, timeout > 0 ? now.plusSeconds(timeout) : null,
                List.of(definition.startAt()));
        if (repository.create(record)) {
            meter.entered();
            loop.drive(arn);
            return new StartedExecution(arn, now);
        }
        ExecutionRecord existing = repository.find(arn).orElseThrow(() -> new ExecutionAlreadyExistsException(name));
        if (existing.status() == ExecutionStatus.RUNNING && json.parse(existing.input(), "stored input").equals(parsedInput)) {
            return new StartedExecution(arn, existing.startDate());
        }
        throw new ExecutionAlreadyExistsException(name);
    }

    @Override
    public void stop(String executionArn, String error, String cause) {
        while (true) {
            ExecutionRecord record = repository.find(executionArn).orElseThrow(() -> new ExecutionDoesNotExistException(executionArn));
            if (record.status().isClosed()) {
                return;
            }
            if (repository.commit(record, Outcomes.closed(record, ExecutionStatus.ABORTED, error, cause, timers.clock().instant()))) {
                loop.cancelWakeUp(executionArn);
                return;
            }
        }
    }

    @Override
    public boolean sendTaskSuccess(String taskToken, String output) {
        JsonNode result = json.parse(output, "the task output must be JSON");
        return tokens.resolve(taskToken, Phase.TOKEN_SUCCEEDED, json.write(result));
    }

    @Override
    public boolean sendTaskFailure(String taskToken, String error, String cause) {
        ObjectNode failure = JsonNodeFactory.instance.objectNode();
        failure.put("Error", error);
        failure.put("Cause", cause);
        return tokens.resolve(taskToken, Phase.TOKEN_FAILED, json.write(failure));
    }

    @Override
    public boolean sendTaskHeartbeat(String taskToken) {
        return tokens.heartbeat(taskToken);
    }

    @Override
    public Optional<ExecutionDescription> describe(String executionArn) {
        return repository.find(executionArn).map(r -> new ExecutionDescription(r.executionArn(), r.stateMachine(), r.name(),
                r.status(), r.input(), Optional.ofNullable(r.output()), Optional.ofNullable(r.error()),
                Optional.ofNullable(r.cause()), r.startDate(), Optional.ofNullable(r.stopDate())));
    }

    /** Stops advancing executions (they stay stored as they are, for the next {@link #resume()}). */
    @Override
    public void close() {
        loop.close();
    }
}
