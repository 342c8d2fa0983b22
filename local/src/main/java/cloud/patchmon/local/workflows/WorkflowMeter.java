package cloud.patchmon.local.workflows;

import java.util.concurrent.atomic.LongAdder;

/**
 * What Step Functions Standard bills, counted as the interpreter goes ({@code ./patchmon bench patch} reads it): a
 * state transition for every state an execution enters (a Retry re-enters its state and counts again), and the
 * Lambda invocations its Task states make.
 */
public final class WorkflowMeter {

    private final LongAdder transitions = new LongAdder();
    private final LongAdder invocations = new LongAdder();

    void entered() {
        transitions.increment();
    }

    void invoked() {
        invocations.increment();
    }

    public Reading read() {
        return new Reading(transitions.sum(), invocations.sum());
    }

    /** @param taskInvocations calls of a Task's Lambda function (a token task's one call included) */
    public record Reading(long transitions, long taskInvocations) {

        public Reading minus(Reading earlier) {
            return new Reading(transitions - earlier.transitions, taskInvocations - earlier.taskInvocations);
        }
    }
}
