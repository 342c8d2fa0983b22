package cloud.patchmon.local.workflows;

import cloud.patchmon.core.workflows.ExecutionStatus;
import cloud.patchmon.local.workflows.ExecutionRecord.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where executions advance: one execution on one thread at a time, step after step until it closes or waits; then
 * one timer for its next deadline, so nothing polls. A request to advance an execution that is already advancing
 * makes that run go round once more instead of starting a second one.
 */
final class ExecutionLoop {

    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkflows.class);
    private static final Duration RETRY_AFTER_FAULT = Duration.ofSeconds(5);

    private final ExecutionRepository repository;
    private final StateSteps steps;
    private final Timers timers;
    private final Executor executor;
    private final WorkflowMeter meter;
    private final ConcurrentHashMap<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timers.Cancellable> wakeUps = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ExecutionLoop(ExecutionRepository repository, StateSteps steps, Timers timers, Executor executor, WorkflowMeter meter) {
        this.meter = meter;
        this.repository = repository;
        this.steps = steps;
        this.timers = timers;
        this.executor = executor;
    }

    /** Asks for the execution to advance; coalesces with a run already going on for it. */
    void drive(String executionArn) {
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

    /** Forgets the execution's timer (it was stopped). */
    void cancelWakeUp(String executionArn) {
        Timers.Cancellable previous = wakeUps.remove(executionArn);
        if (previous != null) {
            previous.cancel();
        }
    }

    void close() {
        closed = true;
        wakeUps.values().forEach(Timers.Cancellable::cancel);
        wakeUps.clear();
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
            Step step = steps.step(record, timers.clock().instant());
            if (step instanceof Step.Block block) {
                wakeAt(executionArn, block.until());
                return false;
            }
            ExecutionRecord.Builder next = ((Step.Commit) step).next();
            if (repository.commit(record, next) && next.phase == Phase.ENTER && next.status == ExecutionStatus.RUNNING) {
                meter.entered();
            }
        }
        return false;
    }

    private void wakeAt(String executionArn, Instant at) {
        Timers.Cancellable timer = timers.at(at, () -> drive(executionArn));
        Timers.Cancellable previous = wakeUps.put(executionArn, timer);
        if (previous != null) {
            previous.cancel();
        }
    }
}
