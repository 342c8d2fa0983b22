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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local stand-in for Step Functions Standard: interprets the same ASL definitions CDK deploys (Task, Pass, Choice,
 * Wait, Succeed, Fail; Retry and Catch; {@code .waitForTaskToken} with TimeoutSeconds and HeartbeatSeconds; InputPath,
 * Parameters, ResultSelector, ResultPath, OutputPath with the context object; the intrinsics in {@link Intrinsics}).
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

    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkflows.class);
    private static final String ARN_PREFIX = "arn:aws:states:local:000000000000:";
    private static final String ROLE_ARN = "arn:aws:iam::000000000000:role/patchmon-local-workflows";
    /** Step Functions' default for a Task without TimeoutSeconds: 99,999,999 s. */
    private static final long DEFAULT_TASK_TIMEOUT = 99_999_999L;
    private static final Duration RETRY_AFTER_FAULT = Duration.ofSeconds(5);
    private static final DateTimeFormatter CONTEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ExecutionRepository repository;
    private final Map<String, StateMachineDefinition> machines;
    private final TaskInvoker invoker;
    private final Timers timers;
    private final Executor executor;
    private final ObjectMapper json;
    private final JsonPaths paths;
    private final Templates templates;
    private final ChoiceRules choices;
    private final ConcurrentHashMap<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timers.Cancellable> wakeUps = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param definitions state machine name → ASL text, placeholders already substituted
     * @param executor    where executions advance (a direct executor in tests makes every call run to its next wait)
     */
    public LocalWorkflows(ItemStore store, Map<String, String> definitions, TaskInvoker invoker, Timers timers,
                          Executor executor, ObjectMapper json) {
        this.repository = new ExecutionRepository(store);
        this.invoker = invoker;
        this.timers = timers;
        this.executor = executor;
        this.json = json;
        this.paths = new JsonPaths(json);
        this.templates = new Templates(paths, new Intrinsics(json, paths));
        this.choices = new ChoiceRules(paths);
        Map<String, StateMachineDefinition> parsed = new LinkedHashMap<>();
        definitions.forEach((name, text) -> parsed.put(name, StateMachineDefinition.parse(name, parseDefinition(name, text), invoker.functions())));
        this.machines = Map.copyOf(parsed);
    }

    /** Continues every execution that was running when the stack last stopped. @return how many */
    public int resume() {
        List<ExecutionRecord> open = repository.open();
        open.forEach(record -> drive(record.executionArn()));
        return open.size();
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
        JsonNode parsedInput = parseJson(input, "the execution input must be JSON");
        Instant now = timers.clock().instant();
        String arn = ARN_PREFIX + "execution:" + stateMachine + ":" + name;
        long timeout = definition.timeoutSeconds();
        ExecutionRecord record = new ExecutionRecord(arn, stateMachine, name, write(parsedInput), ExecutionStatus.RUNNING,
                now, null, null, null, null, 0, definition.startAt(), write(parsedInput), now, Phase.ENTER,
                null, null, null, null, null, null, Map.of(), 0, timeout > 0 ? now.plusSeconds(timeout) : null,
                List.of(definition.startAt()));
        if (repository.create(record)) {
            drive(arn);
            return new StartedExecution(arn, now);
        }
        ExecutionRecord existing = repository.find(arn).orElseThrow(() -> new ExecutionAlreadyExistsException(name));
        if (existing.status() == ExecutionStatus.RUNNING && parseJson(existing.input(), "stored input").equals(parsedInput)) {
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
            ExecutionRecord.Builder stopped = closing(record, ExecutionStatus.ABORTED, timers.clock().instant());
            stopped.error = error;
            stopped.cause = cause;
            if (commit(record, stopped)) {
                cancelWakeUp(executionArn);
                return;
            }
        }
    }

    @Override
    public boolean sendTaskSuccess(String taskToken, String output) {
        JsonNode result = parseJson(output, "the task output must be JSON");
        return resolveToken(taskToken, Phase.TOKEN_SUCCEEDED, write(result));
    }

    @Override
    public boolean sendTaskFailure(String taskToken, String error, String cause) {
        ObjectNode failure = JsonNodeFactory.instance.objectNode();
        failure.put("Error", error);
        failure.put("Cause", cause);
        return resolveToken(taskToken, Phase.TOKEN_FAILED, write(failure));
    }

    @Override
    public boolean sendTaskHeartbeat(String taskToken) {
        Optional<String> arn = executionOfToken(taskToken);
        if (arn.isEmpty()) {
            return false;
        }
        while (true) {
            Optional<ExecutionRecord> found = repository.find(arn.get());
            Instant now = timers.clock().instant();
            if (found.isEmpty() || !awaits(found.get(), taskToken, now)) {
                return false;
            }
            ExecutionRecord record = found.get();
            JsonNode state = machines.get(record.stateMachine()).state(record.state());
            long heartbeat = state.path("HeartbeatSeconds").asLong(0);
            if (heartbeat <= 0) {
                return true;
            }
            ExecutionRecord.Builder beat = record.toBuilder();
            beat.heartbeatDue = now.plusSeconds(heartbeat);
            if (commit(record, beat)) {
                drive(record.executionArn());
                return true;
            }
        }
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
        closed = true;
        wakeUps.values().forEach(Timers.Cancellable::cancel);
        wakeUps.clear();
    }

    // ---- tokens ----

    private String newToken(String executionArn) {
        String raw = executionArn + "#" + UUID.randomUUID();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> executionOfToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 2048) {
            return Optional.empty();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int hash = raw.lastIndexOf('#');
            return hash > 0 && raw.startsWith(ARN_PREFIX) ? Optional.of(raw.substring(0, hash)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the execution is waiting for exactly this token and none of its deadlines has passed. */
    private static boolean awaits(ExecutionRecord record, String token, Instant now) {
        return record.status() == ExecutionStatus.RUNNING && token.equals(record.taskToken())
                && (record.phase() == Phase.TOKEN_INVOKE || record.phase() == Phase.TOKEN_WAIT)
                && (record.dueAt() == null || now.isBefore(record.dueAt()))
                && (record.heartbeatDue() == null || now.isBefore(record.heartbeatDue()))
                && (record.deadline() == null || now.isBefore(record.deadline()));
    }

    private boolean resolveToken(String token, Phase phase, String pending) {
        Optional<String> arn = executionOfToken(token);
        if (arn.isEmpty()) {
            return false;
        }
        while (true) {
            Optional<ExecutionRecord> found = repository.find(arn.get());
            if (found.isEmpty() || !awaits(found.get(), token, timers.clock().instant())) {
                return false;
            }
            ExecutionRecord.Builder resolved = found.get().toBuilder();
            resolved.phase = phase;
            resolved.pending = pending;
            if (commit(found.get(), resolved)) {
                drive(arn.get());
                return true;
            }
        }
    }

    // ---- the run loop ----

    /** Asks for the execution to advance; coalesces with a run already going on for it. */
    private void drive(String executionArn) {
        if (closed) {
            return;
        }
        AtomicInteger pending = requests.computeIfAbsent(executionArn, arn -> new AtomicInteger());
        if (pending.getAndIncrement() == 0) {
            executor.execute(() -> {
                while (true) {
                    pending.set(1);
                    boolean closedForGood = runSafely(executionArn);
                    if (pending.compareAndSet(1, 0)) {
                        if (closedForGood) {
                            // a racing request at worst starts one more run, which finds the execution closed
                            requests.remove(executionArn, pending);
                        }
                        return;
                    }
                }
            });
        }
    }

    /** @return whether the execution is closed (or gone), so nothing will ever advance it again */
    private boolean runSafely(String executionArn) {
        if (closed) {
            return false;
        }
        try {
            return run(executionArn);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("local execution {} could not advance; retrying in {}", executionArn, RETRY_AFTER_FAULT, e);
                wakeAt(executionArn, timers.clock().instant().plus(RETRY_AFTER_FAULT));
            }
            return false;
        }
    }

    /** Advances until the execution closes or waits for time or a token. @return whether it is closed */
    private boolean run(String executionArn) {
        while (!closed) {
            Optional<ExecutionRecord> found = repository.find(executionArn);
            if (found.isEmpty() || found.get().status().isClosed()) {
                cancelWakeUp(executionArn);
                return true;
            }
            ExecutionRecord record = found.get();
            Step step = step(record, timers.clock().instant());
            if (step instanceof Step.Block block) {
                wakeAt(executionArn, block.until());
                return false;
            }
            commit(record, ((Step.Commit) step).next());
        }
        return false;
    }

    private sealed interface Step {
        record Block(Instant until) implements Step {
        }

        record Commit(ExecutionRecord.Builder next) implements Step {
        }
    }

    private Step step(ExecutionRecord record, Instant now) {
        if (record.deadline() != null && !now.isBefore(record.deadline())) {
            ExecutionRecord.Builder timedOut = closing(record, ExecutionStatus.TIMED_OUT, now);
            timedOut.error = StatesError.TIMEOUT;
            timedOut.cause = "The execution ran longer than its TimeoutSeconds";
            return new Step.Commit(timedOut);
        }
        StateMachineDefinition definition = machines.get(record.stateMachine());
        if (definition == null) {
            return new Step.Commit(failed(record, now, new StatesError(StatesError.RUNTIME,
                    "the state machine " + record.stateMachine() + " is no longer defined")));
        }
        JsonNode state = definition.state(record.state());
        if (state == null) {
            return new Step.Commit(failed(record, now, new StatesError(StatesError.RUNTIME,
                    "the state " + record.state() + " is no longer in " + record.stateMachine())));
        }
        try {
            return switch (record.phase()) {
                case ENTER -> enter(record, definition, state, now);
                case WAITING -> now.isBefore(record.dueAt()) ? block(record, record.dueAt())
                        : new Step.Commit(advance(record, state, parseJson(record.pending(), "pending"), now));
                case RETRY_BACKOFF -> {
                    if (now.isBefore(record.dueAt())) {
                        yield block(record, record.dueAt());
                    }
                    ExecutionRecord.Builder again = record.toBuilder().clearPhase();
                    again.phase = Phase.ENTER;
                    yield new Step.Commit(again);
                }
                case TOKEN_INVOKE -> new Step.Commit(invokeTokenTask(record, state, now));
                case TOKEN_WAIT -> waitForToken(record, definition, state, now);
                case TOKEN_SUCCEEDED -> new Step.Commit(taskSucceeded(record, definition, state, parseJson(record.pending(), "pending"), now));
                case TOKEN_FAILED -> {
                    JsonNode failure = parseJson(record.pending(), "pending");
                    yield new Step.Commit(taskFailed(record, state, new StatesError(
                            failure.path("Error").isNull() ? null : failure.path("Error").asText(),
                            failure.path("Cause").isNull() ? null : failure.path("Cause").asText()), now));
                }
            };
        } catch (StatesError e) {
            return new Step.Commit(failed(record, now, e));
        }
    }

    private Step block(ExecutionRecord record, Instant until) {
        Instant wake = until;
        if (record.deadline() != null && record.deadline().isBefore(wake)) {
            wake = record.deadline();
        }
        return new Step.Block(wake);
    }

    private Step enter(ExecutionRecord record, StateMachineDefinition definition, JsonNode state, Instant now) {
        JsonNode raw = parseJson(record.stateInput(), "state input");
        JsonNode context = context(record, definition, null);
        String type = state.get("Type").asText();
        switch (type) {
            case "Pass" -> {
                JsonNode effective = parameters(state, inputPath(state, raw, context), context);
                JsonNode result = state.has("Result") ? state.get("Result") : effective;
                return new Step.Commit(advance(record, state, outputPath(state, resultPath(state.get("ResultPath"), state.has("ResultPath"), raw, result), context), now));
            }
            case "Choice" -> {
                JsonNode effective = inputPath(state, raw, context);
                String next = null;
                for (JsonNode choice : state.get("Choices")) {
                    if (choices.matches(choice, effective, context)) {
                        next = choice.get("Next").asText();
                        break;
                    }
                }
                if (next == null) {
                    if (!state.has("Default")) {
                        throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Choice rule matched and there is no Default");
                    }
                    next = state.get("Default").asText();
                }
                return new Step.Commit(transition(record, next, outputPath(state, effective, context), now));
            }
            case "Wait" -> {
                JsonNode effective = inputPath(state, raw, context);
                ExecutionRecord.Builder waiting = record.toBuilder().clearPhase();
                waiting.phase = Phase.WAITING;
                waiting.dueAt = waitUntil(state, effective, context, now);
                waiting.pending = write(outputPath(state, effective, context));
                return new Step.Commit(waiting);
            }
            case "Succeed" -> {
                return new Step.Commit(succeeded(record, outputPath(state, inputPath(state, raw, context), context), now));
            }
            case "Fail" -> {
                String error = state.has("ErrorPath") ? paths.read(state.get("ErrorPath").asText(), raw, context, StatesError.RUNTIME).asText()
                        : state.path("Error").asText(null);
                String cause = state.has("CausePath") ? paths.read(state.get("CausePath").asText(), raw, context, StatesError.RUNTIME).asText()
                        : state.path("Cause").asText(null);
                ExecutionRecord.Builder failed = closing(record, ExecutionStatus.FAILED, now);
                failed.error = error;
                failed.cause = cause;
                return new Step.Commit(failed);
            }
            case "Task" -> {
                return new Step.Commit(enterTask(record, definition, state, raw, now));
            }
            default -> throw new StatesError(StatesError.RUNTIME, "unsupported state type " + type);
        }
    }

    private ExecutionRecord.Builder enterTask(ExecutionRecord record, StateMachineDefinition definition, JsonNode state, JsonNode raw, Instant now) {
        String resource = state.get("Resource").asText();
        boolean waitsForToken = resource.endsWith(StateMachineDefinition.WAIT_FOR_TASK_TOKEN);
        boolean lambdaInvoke = resource.startsWith(StateMachineDefinition.LAMBDA_INVOKE);
        String token = waitsForToken ? newToken(record.executionArn()) : null;
        JsonNode context = context(record, definition, token);
        try {
            JsonNode effective = parameters(state, inputPath(state, raw, context), context);
            String function = lambdaInvoke ? effective.path("FunctionName").asText(null) : resource;
            if (function == null || !invoker.functions().contains(function)) {
                throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + function);
            }
            JsonNode payload = lambdaInvoke ? effective.path("Payload") : effective;
            if (payload.isMissingNode()) {
                payload = JsonNodeFactory.instance.objectNode();
            }
            if (waitsForToken) {
                ExecutionRecord.Builder issued = record.toBuilder().clearPhase();
                issued.phase = Phase.TOKEN_INVOKE;
                issued.taskToken = token;
                issued.taskFunction = function;
                issued.taskPayload = write(payload);
                issued.dueAt = now.plusSeconds(seconds(state, "TimeoutSeconds", effective, context, DEFAULT_TASK_TIMEOUT));
                long heartbeat = seconds(state, "HeartbeatSeconds", effective, context, 0);
                issued.heartbeatDue = heartbeat > 0 ? now.plusSeconds(heartbeat) : null;
                return issued;
            }
            JsonNode result = invoke(function, payload);
            return taskSucceeded(record, definition, state, lambdaInvoke ? lambdaInvokeResult(result) : result, now);
        } catch (StatesError e) {
            return taskFailed(record, state, e, now);
        }
    }

    /** Calls a token task's function; a function error fails the task like SendTaskFailure would. */
    private ExecutionRecord.Builder invokeTokenTask(ExecutionRecord record, JsonNode state, Instant now) {
        ExecutionRecord.Builder next = record.toBuilder();
        try {
            invoke(record.taskFunction(), parseJson(record.taskPayload(), "task payload"));
            next.phase = Phase.TOKEN_WAIT;
        } catch (StatesError e) {
            ObjectNode failure = JsonNodeFactory.instance.objectNode();
            failure.put("Error", e.error());
            failure.put("Cause", e.errorCause());
            next.phase = Phase.TOKEN_FAILED;
            next.pending = write(failure);
        }
        return next;
    }

    private Step waitForToken(ExecutionRecord record, StateMachineDefinition definition, JsonNode state, Instant now) {
        if (!now.isBefore(record.dueAt())) {
            return new Step.Commit(taskFailed(record, state, new StatesError(StatesError.TIMEOUT, "The task did not complete within its TimeoutSeconds"), now));
        }
        if (record.heartbeatDue() != null && !now.isBefore(record.heartbeatDue())) {
            return new Step.Commit(taskFailed(record, state, new StatesError(StatesError.HEARTBEAT_TIMEOUT, "No heartbeat within HeartbeatSeconds"), now));
        }
        Instant wake = record.heartbeatDue() != null && record.heartbeatDue().isBefore(record.dueAt()) ? record.heartbeatDue() : record.dueAt();
        return block(record, wake);
    }

    private JsonNode invoke(String function, JsonNode payload) {
        try {
            JsonNode result = invoker.invoke(function, payload);
            return result == null ? JsonNodeFactory.instance.nullNode() : result;
        } catch (TaskFailedException e) {
            throw new StatesError(e.error(), e.errorCause());
        }
    }

    /** What the optimised Lambda integration returns around the function's answer. */
    private static JsonNode lambdaInvokeResult(JsonNode payload) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("ExecutedVersion", "$LATEST");
        result.set("Payload", payload);
        result.put("StatusCode", 200);
        return result;
    }

    private ExecutionRecord.Builder taskSucceeded(ExecutionRecord record, StateMachineDefinition definition, JsonNode state, JsonNode result, Instant now) {
        try {
            JsonNode raw = parseJson(record.stateInput(), "state input");
            JsonNode context = context(record, definition, record.taskToken());
            JsonNode selected = state.has("ResultSelector") ? templates.apply(state.get("ResultSelector"), result, context) : result;
            JsonNode output = outputPath(state, resultPath(state.get("ResultPath"), state.has("ResultPath"), raw, selected), context);
            return advance(record, state, output, now);
        } catch (StatesError e) {
            return taskFailed(record, state, e, now);
        }
    }

    /** Retry first (the first retrier whose ErrorEquals matches decides), then Catch, else the execution fails. */
    private ExecutionRecord.Builder taskFailed(ExecutionRecord record, JsonNode state, StatesError error, Instant now) {
        if (StatesError.RUNTIME.equals(error.error())) {
            return failed(record, now, error);
        }
        JsonNode retriers = state.path("Retry");
        for (int i = 0; i < retriers.size(); i++) {
            JsonNode retrier = retriers.get(i);
            if (!matchesAny(retrier.path("ErrorEquals"), error)) {
                continue;
            }
            int attempts = record.retries().getOrDefault(Integer.toString(i), 0);
            if (attempts >= retrier.path("MaxAttempts").asInt(3)) {
                break;
            }
            double interval = retrier.path("IntervalSeconds").asDouble(1);
            double delay = interval * Math.pow(retrier.path("BackoffRate").asDouble(2.0), attempts);
            if (retrier.has("MaxDelaySeconds")) {
                delay = Math.min(delay, retrier.get("MaxDelaySeconds").asDouble());
            }
            ExecutionRecord.Builder retry = record.toBuilder().clearPhase();
            Map<String, Integer> counts = new HashMap<>(record.retries());
            counts.put(Integer.toString(i), attempts + 1);
            retry.retries = counts;
            retry.retryCount = record.retryCount() + 1;
            retry.phase = Phase.RETRY_BACKOFF;
            retry.dueAt = now.plusMillis((long) (delay * 1000));
            return retry;
        }
        for (JsonNode catcher : state.path("Catch")) {
            if (matchesAny(catcher.path("ErrorEquals"), error)) {
                ObjectNode errorOutput = JsonNodeFactory.instance.objectNode();
                errorOutput.put("Error", error.error());
                errorOutput.put("Cause", error.errorCause());
                try {
                    JsonNode raw = parseJson(record.stateInput(), "state input");
                    return transition(record, catcher.get("Next").asText(),
                            resultPath(catcher.get("ResultPath"), catcher.has("ResultPath"), raw, errorOutput), now);
                } catch (StatesError e) {
                    return failed(record, now, e);
                }
            }
        }
        return failed(record, now, error);
    }

    private static boolean matchesAny(JsonNode names, StatesError error) {
        for (JsonNode name : names) {
            if (error.matches(name.asText())) {
                return true;
            }
        }
        return false;
    }

    // ---- transitions ----

    private ExecutionRecord.Builder advance(ExecutionRecord record, JsonNode state, JsonNode output, Instant now) {
        if (state.path("End").asBoolean(false)) {
            return succeeded(record, output, now);
        }
        return transition(record, state.get("Next").asText(), output, now);
    }

    private ExecutionRecord.Builder transition(ExecutionRecord record, String next, JsonNode output, Instant now) {
        ExecutionRecord.Builder moved = record.toBuilder().clearPhase();
        moved.state = next;
        moved.stateInput = write(output);
        moved.enteredAt = now;
        moved.phase = Phase.ENTER;
        moved.retries = Map.of();
        moved.retryCount = 0;
        List<String> path = new ArrayList<>(record.path());
        path.add(next);
        moved.path = path;
        return moved;
    }

    private ExecutionRecord.Builder succeeded(ExecutionRecord record, JsonNode output, Instant now) {
        ExecutionRecord.Builder done = closing(record, ExecutionStatus.SUCCEEDED, now);
        done.output = write(output);
        return done;
    }

    private ExecutionRecord.Builder failed(ExecutionRecord record, Instant now, StatesError error) {
        ExecutionRecord.Builder failed = closing(record, ExecutionStatus.FAILED, now);
        failed.error = error.error();
        failed.cause = error.errorCause();
        return failed;
    }

    private static ExecutionRecord.Builder closing(ExecutionRecord record, ExecutionStatus status, Instant now) {
        ExecutionRecord.Builder closed = record.toBuilder().clearPhase();
        closed.status = status;
        closed.stopDate = now;
        closed.stateInput = null;
        return closed;
    }

    /** Writes the next version unless another writer changed the execution first. */
    private boolean commit(ExecutionRecord current, ExecutionRecord.Builder next) {
        next.version = current.version() + 1;
        return repository.replace(next.build(), current.version());
    }

    private void wakeAt(String executionArn, Instant at) {
        Timers.Cancellable timer = timers.at(at, () -> drive(executionArn));
        Timers.Cancellable previous = wakeUps.put(executionArn, timer);
        if (previous != null) {
            previous.cancel();
        }
    }

    private void cancelWakeUp(String executionArn) {
        Timers.Cancellable previous = wakeUps.remove(executionArn);
        if (previous != null) {
            previous.cancel();
        }
    }

    // ---- input and output processing ----

    private JsonNode inputPath(JsonNode state, JsonNode raw, JsonNode context) {
        return selectPath(state, "InputPath", raw, context);
    }

    private JsonNode outputPath(JsonNode state, JsonNode output, JsonNode context) {
        return selectPath(state, "OutputPath", output, context);
    }

    /** Absent: everything; {@code null}: an empty object; else the selected value. */
    private JsonNode selectPath(JsonNode state, String field, JsonNode value, JsonNode context) {
        if (!state.has(field)) {
            return value;
        }
        JsonNode path = state.get(field);
        if (path.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return paths.read(path.asText(), value, context, StatesError.RUNTIME);
    }

    private JsonNode parameters(JsonNode state, JsonNode effective, JsonNode context) {
        return state.has("Parameters") ? templates.apply(state.get("Parameters"), effective, context) : effective;
    }

    /** Absent: the result replaces the input; {@code null}: the input passes through; else the result is placed there. */
    private JsonNode resultPath(JsonNode path, boolean present, JsonNode raw, JsonNode result) {
        if (!present) {
            return result;
        }
        if (path.isNull()) {
            return raw;
        }
        return paths.set(raw, path.asText(), result);
    }

    private Instant waitUntil(JsonNode state, JsonNode effective, JsonNode context, Instant now) {
        if (state.has("Seconds")) {
            return now.plusSeconds(state.get("Seconds").asLong());
        }
        if (state.has("SecondsPath")) {
            JsonNode seconds = paths.read(state.get("SecondsPath").asText(), effective, context, StatesError.RUNTIME);
            if (!seconds.canConvertToLong() || !seconds.isIntegralNumber() || seconds.asLong() < 0) {
                throw new StatesError(StatesError.RUNTIME, "SecondsPath must select a non-negative integer, got " + seconds);
            }
            return now.plusSeconds(seconds.asLong());
        }
        JsonNode timestamp = state.has("Timestamp") ? state.get("Timestamp")
                : paths.read(state.path("TimestampPath").asText("$"), effective, context, StatesError.RUNTIME);
        return ChoiceRules.timestamp(timestamp).orElseThrow(() -> new StatesError(StatesError.RUNTIME,
                "The Wait state's timestamp is not an RFC 3339 timestamp: " + timestamp));
    }

    private long seconds(JsonNode state, String field, JsonNode effective, JsonNode context, long fallback) {
        if (state.has(field)) {
            return state.get(field).asLong();
        }
        if (state.has(field + "Path")) {
            JsonNode value = paths.read(state.get(field + "Path").asText(), effective, context, StatesError.RUNTIME);
            if (!value.isIntegralNumber() || value.decimalValue().compareTo(BigDecimal.ONE) < 0) {
                throw new StatesError(StatesError.RUNTIME, field + "Path must select a positive integer");
            }
            return value.asLong();
        }
        return fallback;
    }

    private JsonNode context(ExecutionRecord record, StateMachineDefinition definition, String token) {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", record.executionArn());
        execution.set("Input", parseJson(record.input(), "input"));
        execution.put("Name", record.name());
        execution.put("RoleArn", ROLE_ARN);
        execution.put("StartTime", CONTEXT_TIME.format(record.startDate()));
        ObjectNode state = context.putObject("State");
        state.put("EnteredTime", CONTEXT_TIME.format(record.enteredAt()));
        state.put("Name", record.state());
        state.put("RetryCount", record.retryCount());
        ObjectNode machine = context.putObject("StateMachine");
        machine.put("Id", ARN_PREFIX + "stateMachine:" + definition.name());
        machine.put("Name", definition.name());
        if (token != null) {
            context.putObject("Task").put("Token", token);
        }
        return context;
    }

    // ---- JSON ----

    private JsonNode parseDefinition(String name, String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the definition of " + name + " is not JSON");
        }
    }

    private JsonNode parseJson(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        try {
            JsonNode node = json.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(what);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
