package cloud.patchmon.core.workflows;

/** Step Functions' execution statuses (PENDING_REDRIVE is not used: nothing redrives). */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED;

    public boolean isClosed() {
        return this != RUNNING;
    }
}
