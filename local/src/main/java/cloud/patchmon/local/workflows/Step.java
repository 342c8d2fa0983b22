package cloud.patchmon.local.workflows;

import java.time.Instant;

/** What one step of an execution comes to: a new version to write, or nothing to do until a time. */
sealed interface Step {

    record Block(Instant until) implements Step {
    }

    record Commit(ExecutionRecord.Builder next) implements Step {
    }
}
