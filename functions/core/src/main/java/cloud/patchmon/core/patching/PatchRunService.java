package cloud.patchmon.core.patching;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.realtime.AgentJob;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.workflows.ExecutionAlreadyExistsException;
import cloud.patchmon.core.workflows.ExecutionDoesNotExistException;
import cloud.patchmon.core.workflows.StartedExecution;
import cloud.patchmon.core.workflows.Workflows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Patch runs (spec ch. 8, 9, 11): triggering with the effective policy's timing, validation and approval, retry,
 * stop, delete; the agent's stages and the post-patch report are {@link PatchRunAgentStages}'. Runs that should execute start a
 * {@code PatchRun} workflow execution named after the run (a retried start is idempotent); its tasks
 * ({@link PatchRunExecution}) hand the run to the agent when its time comes.
 */
public final class PatchRunService {

    public static final String STATE_MACHINE = "PatchRun";
    /** The api function's variable naming the deployed PatchRun state machine (set by the CDK stack). */
    public static final String STATE_MACHINE_ARN_VARIABLE = "PATCHMON_PATCH_RUN_STATE_MACHINE_ARN";
    public static final String IMMEDIATE = "immediate";
    public static final int MAX_HOSTS = 100;
    public static final int MAX_PACKAGES = 500;
    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_BULK = 200;
    static final Pattern PACKAGE_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._+-]*$");
    static final String NOT_APPROVABLE = "Only validated, pending approval or pending validation runs can be approved";
    static final String NOT_DELETABLE = "Only queued, pending, validated, approved or scheduled runs can be deleted";
    static final String NOT_RUNNING = "Only running patch runs can be stopped";
    static final String NOT_RETRYABLE = "Only pending validation or failed dry-run patch_package runs can be retried";
    static final String NOT_CONNECTED = "Agent is not currently connected";
    static final String NOT_FOUND = "Patch run not found";
    private static final Set<String> SORTS = Set.of("created_at", "started_at", "completed_at", "status");
    private static final Logger LOG = LoggerFactory.getLogger(PatchRunService.class);

    public record TriggerRequest(List<String> hostIds, String patchType, List<String> packageNames, boolean dryRun,
                                 boolean submitForApproval, String scheduleOverride) {
    }

    public record ListQuery(Integer limit, Integer offset, String status, String type, String hostId, String sortBy, String sortDir) {
    }

    public record RunPage(List<PatchRun> runs, int total, int limit, int offset) {
    }

    public record Dashboard(int totalRuns, int queued, int running, int completed, int failed, int pendingApproval, int validated,
                            int scheduled, List<PatchRun> recentRuns) {
    }

    public record Approval(PatchRun validation, PatchRun run) {
    }

    public record Failure(String id, String error) {
    }

    public record BulkDelete(List<String> deleted, List<Failure> failed) {
    }

    public record BulkApprove(List<Approval> approved, List<Failure> failed) {
    }

    private final PatchRunRepository runs;
    private final HostRepository hosts;
    private final EffectivePolicies policies;
    private final Supplier<Workflows> workflows;
    private final AgentJobs jobs;
    private final PatchRunEvents events;
    private final PatchRunLive live;
    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param workflows resolved at each use: the local stack's interpreter runs tasks built on this very context's
     *                  services, so it exists only once the context does
     */
    public PatchRunService(ItemStore store, EffectivePolicies policies, Supplier<Workflows> workflows, AgentJobs jobs,
                           PatchRunEvents events, PatchRunLive live, ObjectMapper json, Clock clock) {
        this.runs = new PatchRunRepository(store);
        this.hosts = new HostRepository(store);
        this.policies = policies;
        this.workflows = workflows;
        this.jobs = jobs;
        this.events = events;
        this.live = live;
        this.json = json;
        this.clock = clock;
    }

    // ---- trigger ------------------------------------------------------------------------------------------------

    /**
     * One run per host, in the request's order. Every host is checked before any run is created, so a bad id changes
     * nothing.
     */
    public List<PatchRun> trigger(TenantContext ctx, String initiatedBy, TriggerRequest request) {
        String type = requirePatchType(request.patchType());
        List<String> packages = requirePackages(type, request.packageNames());
        if (request.dryRun() && PatchRun.PATCH_ALL.equals(type)) {
            throw DomainException.badRequest("patch_all cannot be dry-run");
        }
        String override = requireOverride(request.scheduleOverride());
        List<String> hostIds = request.hostIds() == null ? List.of() : request.hostIds();
        if (hostIds.isEmpty()) {
            throw DomainException.badRequest("host_ids must name at least one host");
        }
        if (hostIds.size() > MAX_HOSTS) {
            throw DomainException.badRequest("At most " + MAX_HOSTS + " hosts can be patched at once");
        }
        if (new LinkedHashSet<>(hostIds).size() != hostIds.size()) {
            throw DomainException.badRequest("host_ids must not repeat a host");
        }
        List<Host> targets = new ArrayList<>();
        for (String hostId : hostIds) {
            if (hostId == null || hostId.isBlank()) {
                throw DomainException.notFound("Host not found");
            }
            targets.add(hosts.find(ctx, hostId).orElseThrow(() -> DomainException.notFound("Host not found")));
        }
        List<PatchRun> created = new ArrayList<>();
        for (Host host : targets) {
            Instant now = clock.instant();
            PolicySnapshot policy = policies.effectiveFor(ctx, host.id());
            PatchRun run;
            if (request.dryRun()) {
                run = newRun(host, type, true, packages, PatchRun.PENDING_VALIDATION, null, initiatedBy, null, null, policy, override, now);
            } else if (request.submitForApproval()) {
                run = newRun(host, type, false, packages, PatchRun.PENDING_APPROVAL, null, initiatedBy, null, null, policy, override, now);
            } else {
                Instant runAt = IMMEDIATE.equals(override) ? now : PolicySchedule.runAt(policy, now);
                boolean later = runAt.isAfter(now);
                run = newRun(host, type, false, packages, later ? PatchRun.SCHEDULED : PatchRun.QUEUED, later ? runAt : null,
                        initiatedBy, null, null, policy, override, now);
            }
            runs.create(ctx, run);
            created.add(executes(run) ? start(ctx, run) : run);
        }
        return created;
    }

    private static boolean executes(PatchRun run) {
        return !PatchRun.PENDING_APPROVAL.equals(run.status());
    }

    private PatchRun newRun(Host host, String type, boolean dryRun, List<String> packages, String status, Instant scheduledAt,
                            String initiatedBy, String approvedBy, String validationRunId, PolicySnapshot policy, String override, Instant now) {
        return new PatchRun(newRunId(now), host.id(), displayName(host), host.hostname(), type, dryRun, packages, status, null, List.of(),
                initiatedBy, approvedBy, now, null, null, scheduledAt, validationRunId, null, policy.toJson(), override,
                false, false, 0, 0, null, null, null, null, 0, 0);
    }

    private static String displayName(Host host) {
        if (host.friendlyName() != null && !host.friendlyName().isBlank()) {
            return host.friendlyName();
        }
        return host.hostname() != null && !host.hostname().isBlank() ? host.hostname() : host.id();
    }

    /** Starts the run's execution and records its ARN; a start that fails fails the run rather than leaving it queued forever. */
    private PatchRun start(TenantContext ctx, PatchRun run) {
        Instant runAt = run.scheduledAt() != null ? run.scheduledAt() : clock.instant();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("tenant_id", ctx.tenantId().value());
        input.put("run_id", run.id());
        input.put("host_id", run.hostId());
        input.put("run_at", runAt.toString());
        String name = executionName(run);
        String arn;
        try {
            arn = startExecution(name, json.writeValueAsString(input)).executionArn();
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.error("tenant {}: the execution of patch run {} did not start", ctx.tenantId(), run.id(), e);
            return runs.update(ctx, run.id(), r -> r.finished() ? r : failedNow(r, PatchRunExecution.NOT_DISPATCHED_MESSAGE)).orElse(run);
        }
        return runs.update(ctx, run.id(), r -> {
            PatchRun.Builder next = r.toBuilder();
            next.executionArn = arn;
            return next.build();
        }).orElse(run);
    }

    private StartedExecution startExecution(String name, String input) {
        Workflows engine = workflows.get();
        try {
            return engine.start(STATE_MACHINE, name, input);
        } catch (ExecutionAlreadyExistsException e) {
            throw new IllegalStateException("execution " + name + " exists with another input", e);
        }
    }

    /** {@code patch-run-<id>}, and {@code -retry-<n>} for the n-th retried validation. */
    static String executionName(PatchRun run) {
        return "patch-run-" + run.id() + (run.executionAttempt() > 0 ? "-retry-" + run.executionAttempt() : "");
    }

    private PatchRun failedNow(PatchRun r, String message) {
        PatchRun.Builder next = r.toBuilder();
        next.status = PatchRun.FAILED;
        next.errorMessage = message;
        next.completedAt = clock.instant();
        return next.build();
    }

    private static String requirePatchType(String type) {
        if (!PatchRun.PATCH_ALL.equals(type) && !PatchRun.PATCH_PACKAGE.equals(type)) {
            throw DomainException.badRequest("patch_type must be patch_all or patch_package");
        }
        return type;
    }

    private static List<String> requirePackages(String type, List<String> names) {
        List<String> packages = names == null ? List.of() : names;
        if (PatchRun.PATCH_ALL.equals(type)) {
            if (!packages.isEmpty()) {
                throw DomainException.badRequest("patch_all takes no package_names");
            }
            return List.of();
        }
        if (packages.isEmpty()) {
            throw DomainException.badRequest("package_names must name at least one package for patch_package");
        }
        if (packages.size() > MAX_PACKAGES) {
            throw DomainException.badRequest("At most " + MAX_PACKAGES + " packages can be patched at once");
        }
        for (String name : packages) {
            if (name == null || name.length() > 255 || !PACKAGE_NAME.matcher(name).matches()) {
                throw DomainException.badRequest("Invalid package name: package names must match ^[a-zA-Z0-9][a-zA-Z0-9._+-]*$");
            }
        }
        return List.copyOf(new LinkedHashSet<>(packages));
    }

    private static String requireOverride(String override) {
        if (override != null && !IMMEDIATE.equals(override)) {
            throw DomainException.badRequest("schedule_override must be immediate");
        }
        return override;
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    public PatchRun get(TenantContext ctx, String runId) {
        return runs.find(ctx, runId).orElseThrow(() -> DomainException.notFound(NOT_FOUND));
    }

    /** The hosts of {@code shown} by id, for showing their names as they are now: one batched read of those hosts only. */
    public Map<String, Host> hostsOf(TenantContext ctx, List<PatchRun> shown) {
        Map<String, Host> byId = new LinkedHashMap<>();
        hosts.findAll(ctx, shown.stream().map(PatchRun::hostId).toList()).forEach(h -> byId.put(h.id(), h));
        return byId;
    }

    public Optional<Host> host(TenantContext ctx, String hostId) {
        return hosts.find(ctx, hostId);
    }

    public String output(TenantContext ctx, PatchRun run) {
        return runs.output(ctx, run);
    }

    /**
     * Runs &amp; History's page: newest first by default; other orders put runs without the sorted time last and
     * break ties by creation in the same direction. Reads about one page whatever the history
     * ({@link PatchRunRepository#page}).
     */
    public RunPage list(TenantContext ctx, ListQuery query) {
        int limit = query.limit() == null ? DEFAULT_LIMIT : query.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        int offset = query.offset() == null ? 0 : query.offset();
        if (offset < 0) {
            throw DomainException.badRequest("offset must not be negative");
        }
        String status = query.status() == null || query.status().isBlank() ? null : query.status();
        if (status != null && !"active".equals(status) && !PatchRun.STATUSES.contains(status)) {
            throw DomainException.badRequest("status must be active or a patch run status");
        }
        String type = query.type() == null || query.type().isBlank() ? null : requirePatchType(query.type());
        String hostId = query.hostId() == null || query.hostId().isBlank() ? null : query.hostId();
        String sortBy = query.sortBy() == null || query.sortBy().isBlank() ? "created_at" : query.sortBy();
        if (!SORTS.contains(sortBy)) {
            throw DomainException.badRequest("sort_by must be created_at, started_at, completed_at or status");
        }
        String sortDir = query.sortDir() == null || query.sortDir().isBlank() ? "desc" : query.sortDir();
        if (!"asc".equals(sortDir) && !"desc".equals(sortDir)) {
            throw DomainException.badRequest("sort_dir must be asc or desc");
        }
        PatchRunRepository.Filter filter = new PatchRunRepository.Filter(status, type, hostId);
        List<PatchRun> page = runs.page(ctx, filter, sortBy, "asc".equals(sortDir), offset, limit);
        return new RunPage(page, (int) runs.total(ctx, filter), limit, offset);
    }

    /** Counts from the status counters (one read) and the five newest runs (one query): no scan, whatever the history. */
    public Dashboard dashboard(TenantContext ctx) {
        Map<String, Long> counts = runs.countsByStatus(ctx);
        int total = (int) counts.values().stream().mapToLong(Long::longValue).sum();
        return new Dashboard(total, count(counts, PatchRun.QUEUED), count(counts, PatchRun.RUNNING), count(counts, PatchRun.COMPLETED),
                count(counts, PatchRun.FAILED), count(counts, PatchRun.PENDING_APPROVAL), count(counts, PatchRun.VALIDATED),
                count(counts, PatchRun.SCHEDULED), runs.newest(ctx, 5));
    }

    private static int count(Map<String, Long> counts, String status) {
        return counts.getOrDefault(status, 0L).intValue();
    }

    // ---- approval, retry, stop, delete --------------------------------------------------------------------------

    /**
     * Turns a validated, pending-approval or (Skip &amp; Patch) pending-validation run into a new execution run timed by
     * the host's effective policy now, or immediately with {@code schedule_override}.
     */
    public Approval approve(TenantContext ctx, String approvedBy, String runId, String scheduleOverride) {
        String override = requireOverride(scheduleOverride);
        for (int attempt = 0; attempt < 8; attempt++) {
            PatchRun stored = get(ctx, runId);
            if (!PatchRun.APPROVABLE.contains(stored.status())) {
                throw DomainException.badRequest(NOT_APPROVABLE);
            }
            Host host = hosts.find(ctx, stored.hostId()).orElseThrow(() -> DomainException.notFound("Host not found"));
            Instant now = clock.instant();
            PolicySnapshot policy = policies.effectiveFor(ctx, host.id());
            Instant runAt = IMMEDIATE.equals(override) ? now : PolicySchedule.runAt(policy, now);
            boolean later = runAt.isAfter(now);
            PatchRun execution = newRun(host, stored.patchType(), false, stored.packageNames(), later ? PatchRun.SCHEDULED : PatchRun.QUEUED,
                    later ? runAt : null, stored.initiatedBy(), approvedBy, stored.id(), policy, override, now);
            PatchRun.Builder approved = stored.toBuilder();
            approved.status = PatchRun.APPROVED;
            approved.approvedBy = approvedBy;
            approved.approvedRunId = execution.id();
            approved.taskToken = null;
            if (!runs.approve(ctx, stored, approved.build(), execution)) {
                continue;
            }
            if (PatchRun.PENDING_VALIDATION.equals(stored.status())) {
                stopExecution(ctx, stored, "PatchRunApproved", "Validation skipped: approved as is");
                withdrawRunPatch(ctx, stored);
            }
            PatchRun validation = runs.find(ctx, stored.id()).orElse(approved.build());
            events.publish(ctx, PatchRunEvents.APPROVED, execution);
            return new Approval(validation, start(ctx, execution));
        }
        throw new IllegalStateException("patch run " + runId + " kept changing during approval");
    }

    /** Hands a validation again to the agent (after the host came back online): a new execution, the old one stopped. */
    public PatchRun retryValidation(TenantContext ctx, String runId) {
        PatchRun stored = get(ctx, runId);
        PatchRun retried = runs.update(ctx, runId, r -> {
            boolean retryable = r.dryRun() && PatchRun.PATCH_PACKAGE.equals(r.patchType())
                    && (PatchRun.PENDING_VALIDATION.equals(r.status()) || PatchRun.FAILED.equals(r.status()));
            if (!retryable) {
                throw DomainException.badRequest(NOT_RETRYABLE);
            }
            PatchRun.Builder next = r.toBuilder();
            next.status = PatchRun.PENDING_VALIDATION;
            next.errorMessage = null;
            next.startedAt = null;
            next.completedAt = null;
            next.packagesAffected = List.of();
            next.taskToken = null;
            next.resultToken = null;
            next.executionAttempt = r.executionAttempt() + 1;
            next.outputGeneration = r.outputGeneration() + 1;
            next.outputLength = 0;
            return next.build();
        }).orElseThrow(() -> DomainException.notFound(NOT_FOUND));
        stopExecution(ctx, stored, "PatchRunRetried", "Validation retried");
        withdrawRunPatch(ctx, stored);
        runs.deleteOtherGenerations(ctx, runId, retried.outputGeneration());
        return start(ctx, retried);
    }

    /** Sends {@code patch_run_stop}; the agent interrupts the package manager and reports {@code cancelled}. */
    public void stop(TenantContext ctx, String runId) {
        PatchRun run = get(ctx, runId);
        if (!PatchRun.RUNNING.equals(run.status())) {
            throw DomainException.badRequest(NOT_RUNNING);
        }
        AgentJob job;
        try {
            job = jobs.dispatch(ctx, run.hostId(), "patch_run_stop", Map.of("patch_run_id", run.id()), false);
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_FOUND) {
                throw DomainException.conflict(NOT_CONNECTED);
            }
            throw e;
        }
        if (AgentJob.FAILED.equals(job.status())) {
            throw DomainException.conflict(NOT_CONNECTED);
        }
    }

    /** Removes a not-yet-running run, stops its execution (so it never fires) and emits {@code patch_run_cancelled}. */
    public void delete(TenantContext ctx, String runId) {
        for (int attempt = 0; attempt < 8; attempt++) {
            PatchRun run = get(ctx, runId);
            if (!PatchRun.DELETABLE.contains(run.status())) {
                throw DomainException.badRequest(NOT_DELETABLE);
            }
            if (runs.delete(ctx, run)) {
                stopExecution(ctx, run, "PatchRunDeleted", "The patch run was deleted");
                withdrawRunPatch(ctx, run);
                events.publish(ctx, PatchRunEvents.CANCELLED, run);
                return;
            }
        }
        throw new IllegalStateException("patch run " + runId + " kept changing during delete");
    }

    public BulkDelete bulkDelete(TenantContext ctx, List<String> runIds) {
        List<String> ids = requireBulk(runIds);
        List<String> deleted = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (String id : ids) {
            try {
                delete(ctx, id);
                deleted.add(id);
            } catch (DomainException e) {
                failed.add(new Failure(id, e.getMessage()));
            }
        }
        return new BulkDelete(deleted, failed);
    }

    public BulkApprove bulkApprove(TenantContext ctx, String approvedBy, List<String> runIds, String scheduleOverride) {
        requireOverride(scheduleOverride);
        List<String> ids = requireBulk(runIds);
        List<Approval> approved = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (String id : ids) {
            try {
                approved.add(approve(ctx, approvedBy, id, scheduleOverride));
            } catch (DomainException e) {
                failed.add(new Failure(id, e.getMessage()));
            }
        }
        return new BulkApprove(approved, failed);
    }

    private static List<String> requireBulk(List<String> runIds) {
        if (runIds == null || runIds.isEmpty()) {
            throw DomainException.badRequest("run_ids must name at least one run");
        }
        if (runIds.size() > MAX_BULK) {
            throw DomainException.badRequest("At most " + MAX_BULK + " runs at once");
        }
        if (runIds.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw DomainException.badRequest("run_ids must be run ids");
        }
        return List.copyOf(new LinkedHashSet<>(runIds));
    }

    private void stopExecution(TenantContext ctx, PatchRun run, String error, String cause) {
        if (run.executionArn() == null) {
            return;
        }
        try {
            workflows.get().stop(run.executionArn(), error, cause);
        } catch (ExecutionDoesNotExistException e) {
            LOG.info("tenant {}: execution of patch run {} was already gone", ctx.tenantId(), run.id());
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: execution of patch run {} not stopped; its task finds the run changed", ctx.tenantId(), run.id(), e);
        }
    }

    /**
     * Takes the run's {@code run_patch} out of the host's Agent Queue when the agent has not received it yet (it was
     * offline): a superseded or deleted run must not reach the agent on its next connection. One that got through
     * anyway is refused at {@code started}.
     */
    private void withdrawRunPatch(TenantContext ctx, PatchRun run) {
        try {
            jobs.withdraw(ctx, run.hostId(), "run_patch", "patch_run_id", run.id());
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: the queued run_patch of patch run {} was not withdrawn; started refuses it", ctx.tenantId(), run.id(), e);
        }
    }

    private String newRunId(Instant now) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "run_" + String.format("%013d", now.toEpochMilli()) + "_" + HexFormat.of().formatHex(bytes);
    }
}
