package cloud.patchmon.core.patching;

import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One unit of patching work against one host (chapter 8, "Patch Run"), as stored: the run's metadata without its
 * output, which lives in separate items (see {@link PatchRunRepository}) so a long apt log never pushes the run past
 * DynamoDB's item size limit nor gets rewritten on each progress chunk.
 *
 * @param hostName          the host's display name when the run was triggered, kept for history after the host goes
 * @param policySnapshot    {@link PolicySnapshot#toJson()} of the effective policy at trigger time
 * @param outputLength      characters of output stored so far (the offset the next chunk starts at)
 * @param outputGeneration  which set of output items is current: a terminal stage writes a new set, then flips this
 * @param executionArn      the workflow execution that fires the run; {@code null} for runs that are not executed
 * @param taskToken         the RunPatch state's token, set when the run is handed to the agent; the agent's start
 *                          (or, if that answer was lost, a later stage) resolves it
 * @param resultToken       the AwaitResult state's token, set once the agent started; its terminal stage resolves it
 * @param lastHeartbeatAt   when a progress post last restarted the AwaitResult task's heartbeat clock
 * @param revision          bumped on every write; writes are conditional on it
 */
public record PatchRun(String id, String hostId, String hostName, String hostname, String patchType, boolean dryRun,
                       List<String> packageNames, String status, String errorMessage, List<AffectedPackage> packagesAffected,
                       String initiatedBy, String approvedBy, Instant createdAt, Instant startedAt, Instant completedAt,
                       Instant scheduledAt, String validationRunId, String approvedRunId, Map<String, Object> policySnapshot,
                       String scheduleOverride, boolean awaitingPostPatchReport, boolean postPatchReportReceived,
                       int outputLength, int outputGeneration, String executionArn, String taskToken, String resultToken,
                       Instant lastHeartbeatAt, int executionAttempt, long revision) {

    public static final String PATCH_ALL = "patch_all";
    public static final String PATCH_PACKAGE = "patch_package";

    public static final String QUEUED = "queued";
    public static final String PENDING_VALIDATION = "pending_validation";
    public static final String VALIDATED = "validated";
    public static final String PENDING_APPROVAL = "pending_approval";
    public static final String APPROVED = "approved";
    public static final String SCHEDULED = "scheduled";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String DRY_RUN_COMPLETED = "dry_run_completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public static final Set<String> STATUSES = Set.of(QUEUED, PENDING_VALIDATION, VALIDATED, PENDING_APPROVAL, APPROVED,
            SCHEDULED, RUNNING, COMPLETED, DRY_RUN_COMPLETED, FAILED, CANCELLED);
    /** Chapter 11, "Deleting Runs". */
    public static final Set<String> DELETABLE = Set.of(QUEUED, PENDING_VALIDATION, PENDING_APPROVAL, VALIDATED, APPROVED, SCHEDULED);
    /** Validated, pending approval, and pending validation (Skip & Patch). */
    public static final Set<String> APPROVABLE = Set.of(VALIDATED, PENDING_APPROVAL, PENDING_VALIDATION);
    /** Where the agent's outcome can no longer change the run. */
    public static final Set<String> FINISHED = Set.of(COMPLETED, DRY_RUN_COMPLETED, FAILED, CANCELLED, VALIDATED, APPROVED);

    public PatchRun {
        packageNames = packageNames == null ? List.of() : List.copyOf(packageNames);
        packagesAffected = packagesAffected == null ? List.of() : List.copyOf(packagesAffected);
        policySnapshot = policySnapshot == null ? PolicySnapshot.DEFAULT.toJson() : policySnapshot;
    }

    public PolicySnapshot policy() {
        return PolicySnapshot.fromJson(policySnapshot);
    }

    public boolean finished() {
        return FINISHED.contains(status);
    }

    /** The packages the transaction adds beyond what was asked for (the "Extra deps" badge). */
    public long extraDepsCount() {
        return packagesAffected.stream().filter(AffectedPackage::dependency).count();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies with changes; every transition goes through here so none forgets a field. */
    public static final class Builder {
        String id;
        String hostId;
        String hostName;
        String hostname;
        String patchType;
        boolean dryRun;
        List<String> packageNames;
        public String status;
        public String errorMessage;
        public List<AffectedPackage> packagesAffected;
        String initiatedBy;
        public String approvedBy;
        Instant createdAt;
        public Instant startedAt;
        public Instant completedAt;
        public Instant scheduledAt;
        String validationRunId;
        public String approvedRunId;
        Map<String, Object> policySnapshot;
        String scheduleOverride;
        public boolean awaitingPostPatchReport;
        public boolean postPatchReportReceived;
        public int outputLength;
        public int outputGeneration;
        public String executionArn;
        public String taskToken;
        public String resultToken;
        public Instant lastHeartbeatAt;
        public int executionAttempt;
        long revision;

        Builder(PatchRun r) {
            id = r.id;
            hostId = r.hostId;
            hostName = r.hostName;
            hostname = r.hostname;
            patchType = r.patchType;
            dryRun = r.dryRun;
            packageNames = r.packageNames;
            status = r.status;
            errorMessage = r.errorMessage;
            packagesAffected = r.packagesAffected;
            initiatedBy = r.initiatedBy;
            approvedBy = r.approvedBy;
            createdAt = r.createdAt;
            startedAt = r.startedAt;
            completedAt = r.completedAt;
            scheduledAt = r.scheduledAt;
            validationRunId = r.validationRunId;
            approvedRunId = r.approvedRunId;
            policySnapshot = r.policySnapshot;
            scheduleOverride = r.scheduleOverride;
            awaitingPostPatchReport = r.awaitingPostPatchReport;
            postPatchReportReceived = r.postPatchReportReceived;
            outputLength = r.outputLength;
            outputGeneration = r.outputGeneration;
            executionArn = r.executionArn;
            taskToken = r.taskToken;
            resultToken = r.resultToken;
            lastHeartbeatAt = r.lastHeartbeatAt;
            executionAttempt = r.executionAttempt;
            revision = r.revision;
        }

        public PatchRun build() {
            return new PatchRun(id, hostId, hostName, hostname, patchType, dryRun, packageNames, status, errorMessage, packagesAffected,
                    initiatedBy, approvedBy, createdAt, startedAt, completedAt, scheduledAt, validationRunId, approvedRunId, policySnapshot,
                    scheduleOverride, awaitingPostPatchReport, postPatchReportReceived, outputLength, outputGeneration, executionArn,
                    taskToken, resultToken, lastHeartbeatAt, executionAttempt, revision);
        }

        PatchRun withRevision(long next) {
            revision = next;
            return build();
        }
    }
}
