package cloud.patchmon.core.patching;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.events.InProcessEvents;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentJob;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.ConnectionGoneException;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.realtime.UiSessions;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import cloud.patchmon.protocol.PatchRunOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The run rules of chapters 9-11 against DynamoDB Local, with the ports that leave the process (Step Functions, API
 * Gateway's Management API) recorded. The workflow's tasks are played by calling {@link PatchRunExecution} directly.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class PatchRunServiceIntegrationTest {

    static final class Gateway implements ConnectionGateway {
        final List<String> posted = new CopyOnWriteArrayList<>();

        @Override
        public void post(String connectionId, String message) {
            if (connectionId.startsWith("gone")) {
                throw new ConnectionGoneException(connectionId);
            }
            posted.add(connectionId + " " + message);
        }

        @Override
        public void disconnect(String connectionId) {
        }
    }

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final ObjectMapper json = Json.newMapper();
    private final Gateway agents = new Gateway();
    private final Gateway browsers = new Gateway();
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<PolicySnapshot> policy = new AtomicReference<>(PolicySnapshot.DEFAULT);
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private AgentRealtime realtime;
    private PatchRunService runs;
    private PatchRunAgentStages stages;
    private PatchRunExecution execution;
    private UiSessions sessions;
    private AuthenticatedUser acme;
    private AuthenticatedUser globex;
    private String web;
    private String db;
    private String rivalHost;

    PatchRunServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), json, clock);
        InProcessEvents bus = new InProcessEvents();
        bus.subscribe(events::add);
        realtime = AgentRealtime.create(store, agents, clock);
        UiChannel ui = new UiChannel(new UiConnectionRepository(store), browsers, json);
        PatchRunEvents runEvents = new PatchRunEvents(bus, clock);
        PatchRunLive live = new PatchRunLive(ui);
        runs = new PatchRunService(store, (ctx, host) -> policy.get(), () -> workflows, realtime.jobs(), runEvents, live, json, clock);
        stages = new PatchRunAgentStages(store, () -> workflows, runEvents, live, json, clock);
        execution = new PatchRunExecution(store, realtime.jobs(), runEvents, live, () -> workflows, json, clock);
        sessions = new UiSessions(store, new PatchRunSubscriptions(store), clock);
        IdentityFixture identity = new IdentityFixture(store, clock);
        acme = identity.signup("Acme");
        globex = identity.signup("Globex");
        HostService hosts = new HostService(store, identity.hasher, clock);
        web = hosts.create(acme.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false)).host().id();
        db = hosts.create(acme.context(), new HostService.NewHost("db-1", "linux", List.of(), false, false)).host().id();
        rivalHost = hosts.create(globex.context(), new HostService.NewHost("rival", "linux", List.of(), false, false)).host().id();
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private TenantContext ctx() {
        return acme.context();
    }

    private PatchRun trigger(String host, String type, List<String> packages, boolean dryRun, boolean forApproval, String override) {
        return runs.trigger(ctx(), "alice", new PatchRunService.TriggerRequest(List.of(host), type, packages, dryRun, forApproval, override)).get(0);
    }

    private PatchRun dryRun(String host) {
        return trigger(host, PatchRun.PATCH_PACKAGE, List.of("curl"), true, false, null);
    }

    private void connect(String host) {
        realtime.connections().connected(ctx(), host, "conn-" + host, true, "192.0.2.7");
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
        } catch (DomainException e) {
            return e.kind() + " " + e.getMessage();
        }
        throw new AssertionError("not refused");
    }

    private JsonNode input(PatchRun run) throws Exception {
        return json.readTree(workflows.started.get(PatchRunService.executionName(run)).input());
    }

    private List<String> eventTypes() {
        return events.stream().map(DomainEvent::type).toList();
    }

    @Test
    void patchAllOnTheDefaultPolicyIsQueuedAndItsExecutionStartsNow() throws Exception {
        PatchRun run = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);

        assertThat(run.status()).isEqualTo(PatchRun.QUEUED);
        assertThat(run.scheduledAt()).isNull();
        assertThat(run.initiatedBy()).isEqualTo("alice");
        assertThat(run.hostName()).isEqualTo("web-1");
        assertThat(run.policy()).isEqualTo(PolicySnapshot.DEFAULT);
        assertThat(run.executionArn()).isEqualTo(RecordingWorkflows.arn("patch-run-" + run.id()));
        JsonNode input = input(run);
        assertThat(input.get("tenant_id").asText()).isEqualTo(ctx().tenantId().value());
        assertThat(input.get("run_id").asText()).isEqualTo(run.id());
        assertThat(input.get("host_id").asText()).isEqualTo(web);
        assertThat(Instant.parse(input.get("run_at").asText())).isEqualTo(clock.instant());
        assertThat(runs.get(ctx(), run.id())).isEqualTo(run);
    }

    @Test
    void aDelayedPolicyMakesARunScheduledAndImmediateOverridesOnlyTheTime() throws Exception {
        policy.set(new PolicySnapshot("pol_1", "Hold 30", PolicySnapshot.DELAYED, 30, null, null));
        PatchRun later = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        assertThat(later.status()).isEqualTo(PatchRun.SCHEDULED);
        assertThat(later.scheduledAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(input(later).get("run_at").asText()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)).toString());

        PatchRun now = trigger(web, PatchRun.PATCH_ALL, null, false, false, "immediate");
        assertThat(now.status()).isEqualTo(PatchRun.QUEUED);
        assertThat(now.scheduledAt()).isNull();
        assertThat(now.scheduleOverride()).isEqualTo("immediate");
        assertThat(now.policy().name()).isEqualTo("Hold 30");

        // The workflow's time came: the scheduled run becomes queued when it is handed to the (offline) agent.
        AgentJob job = execution.sendRunPatch(ctx(), later.id(), "tok-later").orElseThrow();
        assertThat(job.status()).isEqualTo(AgentJob.DELAYED);
        assertThat(runs.get(ctx(), later.id()).status()).isEqualTo(PatchRun.QUEUED);
        assertThat(runs.get(ctx(), later.id()).taskToken()).isEqualTo("tok-later");
    }

    @Test
    void dryRunsAwaitValidationApprovalSubmissionsStartNothingAndPatchAllCannotBeDryRun() {
        PatchRun validation = dryRun(web);
        assertThat(validation.status()).isEqualTo(PatchRun.PENDING_VALIDATION);
        assertThat(validation.dryRun()).isTrue();
        assertThat(workflows.started).containsKey(PatchRunService.executionName(validation));

        PatchRun submitted = trigger(web, PatchRun.PATCH_ALL, null, false, true, null);
        assertThat(submitted.status()).isEqualTo(PatchRun.PENDING_APPROVAL);
        assertThat(submitted.executionArn()).isNull();
        assertThat(workflows.started).doesNotContainKey(PatchRunService.executionName(submitted));

        assertThat(refusal(() -> trigger(web, PatchRun.PATCH_ALL, null, true, false, null))).isEqualTo("BAD_REQUEST patch_all cannot be dry-run");
    }

    @Test
    void badTriggersAreRefusedAndCreateNothing() {
        assertThat(refusal(() -> trigger(web, "patch_some", null, false, false, null))).contains("patch_type must be");
        assertThat(refusal(() -> trigger(web, PatchRun.PATCH_PACKAGE, List.of(), false, false, null))).contains("package_names");
        assertThat(refusal(() -> trigger(web, PatchRun.PATCH_PACKAGE, List.of("curl; rm -rf /"), false, false, null))).contains("Invalid package name");
        assertThat(refusal(() -> trigger(web, PatchRun.PATCH_PACKAGE, List.of("-curl"), false, false, null))).contains("Invalid package name");
        assertThat(refusal(() -> trigger(web, PatchRun.PATCH_ALL, List.of("curl"), false, false, null))).contains("patch_all takes no package_names");
        assertThat(refusal(() -> trigger(web, PatchRun.PATCH_ALL, null, false, false, "tomorrow"))).contains("schedule_override must be immediate");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add("pkg" + i);
        }
        assertThat(refusal(() -> trigger(web, PatchRun.PATCH_PACKAGE, tooMany, false, false, null))).contains("At most 500");
        // Another tenant's host reads as unknown, and the good host in the same request gets no run either.
        assertThat(refusal(() -> runs.trigger(ctx(), "alice", new PatchRunService.TriggerRequest(List.of(web, rivalHost),
                PatchRun.PATCH_ALL, null, false, false, null)))).isEqualTo("NOT_FOUND Host not found");
        assertThat(refusal(() -> runs.trigger(ctx(), "alice", new PatchRunService.TriggerRequest(List.of(web, web),
                PatchRun.PATCH_ALL, null, false, false, null)))).contains("must not repeat");
        assertThat(runs.list(ctx(), new PatchRunService.ListQuery(null, null, null, null, null, null, null)).total()).isZero();
        assertThat(workflows.started).isEmpty();
    }

    @Test
    void aValidationRunsOnTheAgentStreamsAndEndsValidatedWithWhatItWouldInstall() throws Exception {
        connect(web);
        PatchRun run = dryRun(web);
        sessions.connected(ctx(), "browser-1");
        sessions.subscribe(ctx(), "browser-1", "run:" + run.id());

        AgentJob job = execution.sendRunPatch(ctx(), run.id(), "tok-1").orElseThrow();
        assertThat(job.status()).isEqualTo(AgentJob.ACTIVE);
        JsonNode command = json.readTree(agents.posted.get(0).substring(agents.posted.get(0).indexOf(' ') + 1));
        assertThat(command.get("type").asText()).isEqualTo("run_patch");
        assertThat(command.get("patch_run_id").asText()).isEqualTo(run.id());
        assertThat(command.get("patch_type").asText()).isEqualTo("patch_package");
        assertThat(command.get("dry_run").asBoolean()).isTrue();
        assertThat(command.get("package_names")).hasSize(1);
        assertThat(runs.get(ctx(), run.id()).status()).isEqualTo(PatchRun.PENDING_VALIDATION);

        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.started());
        PatchRun running = runs.get(ctx(), run.id());
        assertThat(running.status()).isEqualTo(PatchRun.RUNNING);
        assertThat(running.startedAt()).isEqualTo(clock.instant());
        assertThat(eventTypes()).containsExactly(PatchRunEvents.STARTED);
        // The start answers RunPatch's token; the workflow's AwaitResult then stores the one the outcome answers.
        assertThat(json.readTree(workflows.succeeded.get("tok-1")).get("status").asText()).isEqualTo(PatchRun.RUNNING);
        execution.awaitResult(ctx(), run.id(), "tok-1-result");
        assertThat(runs.get(ctx(), run.id()).resultToken()).isEqualTo("tok-1-result");
        assertThat(workflows.succeeded).doesNotContainKey("tok-1-result");

        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.progress("$ apt-get -s install curl\n"));
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.progress("Inst curl [7.88] (7.88.1-10+deb12u8)\r"));
        assertThat(runs.output(ctx(), runs.get(ctx(), run.id()))).isEqualTo("$ apt-get -s install curl\nInst curl [7.88] (7.88.1-10+deb12u8)\r");
        List<JsonNode> frames = new ArrayList<>();
        for (String posted : browsers.posted) {
            frames.add(json.readTree(posted.substring(posted.indexOf(' ') + 1)));
        }
        assertThat(frames).extracting(f -> f.get("type").asText()).containsExactly("chunk", "chunk");
        assertThat(frames.get(1).get("offset").asInt()).isEqualTo("$ apt-get -s install curl\n".length());
        assertThat(frames.get(1).get("channel").asText()).isEqualTo("run:" + run.id());

        List<PatchRunOutput.AffectedPackage> affected = List.of(
                new PatchRunOutput.AffectedPackage("curl", "amd64", "7.88.1-10+deb12u7", "7.88.1-10+deb12u8", "upgrade", false),
                new PatchRunOutput.AffectedPackage("libcurl4", "amd64", "7.88.1-10+deb12u7", "7.88.1-10+deb12u8", "upgrade", true));
        stages.agentOutput(ctx(), web, run.id(), new PatchRunOutput("dry_run_completed", "the whole simulation\n", null, affected));
        PatchRun validated = runs.get(ctx(), run.id());
        assertThat(validated.status()).isEqualTo(PatchRun.VALIDATED);
        assertThat(validated.packagesAffected()).isEqualTo(affected);
        assertThat(validated.extraDepsCount()).isEqualTo(1);
        assertThat(validated.completedAt()).isEqualTo(clock.instant());
        assertThat(validated.awaitingPostPatchReport()).isFalse();
        assertThat(runs.output(ctx(), validated)).isEqualTo("the whole simulation\n");
        assertThat(json.readTree(workflows.succeeded.get("tok-1-result")).get("status").asText()).isEqualTo(PatchRun.VALIDATED);
        assertThat(json.readTree(browsers.posted.get(browsers.posted.size() - 1).split(" ", 2)[1]).get("type").asText()).isEqualTo("done");

        // A repeated or late terminal post, or a stray chunk, changes nothing.
        stages.agentOutput(ctx(), web, run.id(), new PatchRunOutput("failed", "other", "boom", null));
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.progress("late"));
        assertThat(runs.get(ctx(), run.id())).isEqualTo(validated);
        assertThat(store.keys(ctx(), "PATCHRUN#" + run.id())).hasSize(1);

        // A new subscriber gets the persisted output and, the run having ended, a synthetic done.
        List<Map<String, Object>> snapshot = sessions.afterSubscribe(ctx(), sessions.subscribe(ctx(), "browser-1", "run:" + run.id()));
        assertThat(snapshot).extracting(f -> f.get("type")).containsExactly("snapshot", "done");
        assertThat(snapshot.get(0)).containsEntry("shell_output", "the whole simulation\n").containsEntry("stage", PatchRun.VALIDATED);
        assertThat(snapshot.get(1)).containsEntry("stage", PatchRun.VALIDATED).containsEntry("length", "the whole simulation\n".length());
    }

    @Test
    void progressRestartsAwaitResultsHeartbeatClockAtMostOnceAMinute() {
        PatchRun run = dryRun(web);
        execution.sendRunPatch(ctx(), run.id(), "tok-start");
        clock.advance(Duration.ofHours(5));
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.started());
        execution.awaitResult(ctx(), run.id(), "tok-hb");
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.progress("a"));
        assertThat(workflows.heartbeats).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.progress("b"));
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.progress("c"));
        assertThat(workflows.heartbeats).containsExactly("tok-hb");
        assertThat(runs.output(ctx(), runs.get(ctx(), run.id()))).isEqualTo("abc");
    }

    @Test
    void outputFarBeyondTheItemLimitIsStoredWhole() {
        PatchRun run = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        execution.sendRunPatch(ctx(), run.id(), "tok-big");
        String line = "Setting up libfoo (1.0-1) ... é\n";
        StringBuilder big = new StringBuilder();
        while (big.length() < 1_200_000) {
            big.append(line);
        }
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.progress(big.substring(0, 200_000)));
        stages.agentOutput(ctx(), web, run.id(), new PatchRunOutput("completed", big.toString(), null, null));
        PatchRun done = runs.get(ctx(), run.id());
        assertThat(done.status()).isEqualTo(PatchRun.COMPLETED);
        assertThat(runs.output(ctx(), done)).isEqualTo(big.toString());
        assertThat(done.awaitingPostPatchReport()).isTrue();
    }

    @Test
    void approvingAValidationCreatesTheExecutionRunOnceAndOnlyFromApprovableStatuses() throws Exception {
        PatchRun run = dryRun(web);
        execution.sendRunPatch(ctx(), run.id(), "tok-v");
        stages.agentOutput(ctx(), web, run.id(), new PatchRunOutput("dry_run_completed", "sim", null, null));
        policy.set(new PolicySnapshot("pol_n", "Nightly 03:00", PolicySnapshot.FIXED_TIME, null, "03:00", null));

        PatchRunService.Approval approval = runs.approve(ctx(), "bob", run.id(), null);
        assertThat(approval.validation().status()).isEqualTo(PatchRun.APPROVED);
        assertThat(approval.validation().approvedRunId()).isEqualTo(approval.run().id());
        assertThat(approval.validation().approvedBy()).isEqualTo("bob");
        PatchRun real = approval.run();
        assertThat(real.dryRun()).isFalse();
        assertThat(real.validationRunId()).isEqualTo(run.id());
        assertThat(real.packageNames()).containsExactly("curl");
        assertThat(real.status()).isEqualTo(PatchRun.SCHEDULED);
        assertThat(real.scheduledAt()).isEqualTo(Instant.parse("2026-12-02T03:00:00Z"));
        assertThat(real.policy().name()).isEqualTo("Nightly 03:00");
        assertThat(real.executionArn()).isNotNull();
        assertThat(eventTypes()).contains(PatchRunEvents.APPROVED);

        assertThat(refusal(() -> runs.approve(ctx(), "bob", run.id(), null)))
                .isEqualTo("BAD_REQUEST Only validated, pending approval or pending validation runs can be approved");
        assertThat(refusal(() -> runs.approve(ctx(), "bob", real.id(), "immediate"))).contains("Only validated");
        assertThat(refusal(() -> runs.approve(globex.context(), "eve", run.id(), null))).isEqualTo("NOT_FOUND Patch run not found");
    }

    @Test
    void skipAndPatchApprovesAPendingValidationAndStopsItsExecution() {
        PatchRun run = dryRun(web);
        PatchRunService.Approval approval = runs.approve(ctx(), "bob", run.id(), "immediate");
        assertThat(approval.run().status()).isEqualTo(PatchRun.QUEUED);
        assertThat(workflows.stopped).contains(run.executionArn());
        // The validation's handoff, if it still fires, finds the run approved and does not reach the agent.
        assertThatThrownBy(() -> execution.sendRunPatch(ctx(), run.id(), "tok-late")).isInstanceOf(PatchRunExecution.NotDispatchableException.class);

        PatchRun submitted = trigger(db, PatchRun.PATCH_ALL, null, false, true, null);
        PatchRunService.Approval second = runs.approve(ctx(), "carol", submitted.id(), null);
        assertThat(second.run().patchType()).isEqualTo(PatchRun.PATCH_ALL);
        assertThat(second.run().validationRunId()).isEqualTo(submitted.id());
    }

    private List<AgentJob> queuedRunPatches(String host, String runId) {
        return realtime.jobs().queue(ctx(), host, 200).jobs().stream()
                .filter(j -> "run_patch".equals(j.type()) && runId.equals(j.command().get("patch_run_id"))).toList();
    }

    @Test
    void skipAndPatchWithdrawsTheValidationsQueuedJobSoTheReconnectingAgentGetsOnlyTheExecution() {
        PatchRun validation = dryRun(web);
        execution.sendRunPatch(ctx(), validation.id(), "tok-v");
        assertThat(queuedRunPatches(web, validation.id())).extracting(AgentJob::status).containsExactly(AgentJob.DELAYED);

        PatchRunService.Approval approval = runs.approve(ctx(), "bob", validation.id(), "immediate");
        assertThat(queuedRunPatches(web, validation.id())).isEmpty();
        assertThat(realtime.jobs().queue(ctx(), web, 200).queueStatus()).containsEntry(AgentJob.DELAYED, 0);
        execution.sendRunPatch(ctx(), approval.run().id(), "tok-e");

        connect(web);
        realtime.jobs().deliverPending(ctx(), web);
        assertThat(agents.posted).noneSatisfy(m -> assertThat(m).contains(validation.id()));
        assertThat(agents.posted).anySatisfy(m -> assertThat(m).contains("\"type\":\"run_patch\"").contains(approval.run().id()));
    }

    @Test
    void deletingOrRetryingARunWithdrawsOnlyItsOwnUndeliveredJob() {
        PatchRun queued = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        PatchRun other = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        execution.sendRunPatch(ctx(), queued.id(), "tok-q");
        execution.sendRunPatch(ctx(), other.id(), "tok-o");
        runs.delete(ctx(), queued.id());
        assertThat(queuedRunPatches(web, queued.id())).isEmpty();
        assertThat(queuedRunPatches(web, other.id())).extracting(AgentJob::status).containsExactly(AgentJob.DELAYED);

        PatchRun validation = dryRun(db);
        execution.sendRunPatch(ctx(), validation.id(), "tok-1");
        runs.retryValidation(ctx(), validation.id());
        assertThat(queuedRunPatches(db, validation.id())).isEmpty();
        execution.sendRunPatch(ctx(), validation.id(), "tok-2");
        assertThat(queuedRunPatches(db, validation.id())).hasSize(1);

        // A job the agent already received stays: the agent has it, and started is refused for the approved run.
        connect(db);
        realtime.jobs().deliverPending(ctx(), db);
        runs.approve(ctx(), "bob", validation.id(), null);
        assertThat(queuedRunPatches(db, validation.id())).extracting(AgentJob::status).containsExactly(AgentJob.ACTIVE);
        assertThat(refusal(() -> stages.agentOutput(ctx(), db, validation.id(), PatchRunOutput.started())))
                .isEqualTo("CONFLICT Patch run has already ended");
    }

    @Test
    void retryValidationStartsANewExecutionOnlyForPendingOrFailedDryRuns() {
        PatchRun run = dryRun(web);
        PatchRun retried = runs.retryValidation(ctx(), run.id());
        assertThat(retried.status()).isEqualTo(PatchRun.PENDING_VALIDATION);
        assertThat(retried.executionArn()).isEqualTo(RecordingWorkflows.arn("patch-run-" + run.id() + "-retry-1"));
        assertThat(workflows.stopped).contains(run.executionArn());

        PatchRun all = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        assertThat(refusal(() -> runs.retryValidation(ctx(), all.id()))).startsWith("BAD_REQUEST Only pending validation");
        execution.sendRunPatch(ctx(), run.id(), "tok-r");
        stages.agentOutput(ctx(), web, run.id(), new PatchRunOutput("failed", "E: Unable to locate package", "exit status 100", null));
        assertThat(runs.get(ctx(), run.id()).status()).isEqualTo(PatchRun.FAILED);
        PatchRun again = runs.retryValidation(ctx(), run.id());
        assertThat(again.errorMessage()).isNull();
        assertThat(runs.output(ctx(), again)).isEmpty();
    }

    @Test
    void stopNeedsARunningRunAndAConnectedAgent() {
        PatchRun run = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        assertThat(refusal(() -> runs.stop(ctx(), run.id()))).isEqualTo("BAD_REQUEST Only running patch runs can be stopped");
        execution.sendRunPatch(ctx(), run.id(), "tok-s");
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.started());
        assertThat(refusal(() -> runs.stop(ctx(), run.id()))).isEqualTo("CONFLICT Agent is not currently connected");

        connect(web);
        runs.stop(ctx(), run.id());
        assertThat(agents.posted).anySatisfy(m -> assertThat(m).contains("\"type\":\"patch_run_stop\"").contains(run.id()));
        stages.agentOutput(ctx(), web, run.id(), new PatchRunOutput("cancelled", "partial", "stopped by operator", null));
        assertThat(runs.get(ctx(), run.id()).status()).isEqualTo(PatchRun.CANCELLED);
        assertThat(refusal(() -> runs.stop(globex.context(), run.id()))).isEqualTo("NOT_FOUND Patch run not found");
    }

    @Test
    void deleteRemovesNotYetRunningRunsStopsTheirExecutionAndEmitsCancelled() {
        PatchRun scheduled = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        runs.delete(ctx(), scheduled.id());
        assertThat(refusal(() -> runs.get(ctx(), scheduled.id()))).isEqualTo("NOT_FOUND Patch run not found");
        assertThat(workflows.stopped).contains(scheduled.executionArn());
        assertThat(eventTypes()).containsExactly(PatchRunEvents.CANCELLED);
        // Its execution, if it wakes anyway, finds nothing to hand out.
        assertThatThrownBy(() -> execution.sendRunPatch(ctx(), scheduled.id(), "tok-d")).isInstanceOf(PatchRunExecution.NotDispatchableException.class);

        PatchRun running = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        execution.sendRunPatch(ctx(), running.id(), "tok-run");
        stages.agentOutput(ctx(), web, running.id(), PatchRunOutput.started());
        assertThat(refusal(() -> runs.delete(ctx(), running.id())))
                .isEqualTo("BAD_REQUEST Only queued, pending, validated, approved or scheduled runs can be deleted");
        PatchRun mine = trigger(web, PatchRun.PATCH_ALL, null, false, true, null);
        assertThat(refusal(() -> runs.delete(globex.context(), mine.id()))).isEqualTo("NOT_FOUND Patch run not found");

        PatchRunService.BulkDelete bulk = runs.bulkDelete(ctx(), List.of(mine.id(), running.id(), "run_nope"));
        assertThat(bulk.deleted()).containsExactly(mine.id());
        assertThat(bulk.failed()).extracting(PatchRunService.Failure::id).containsExactly(running.id(), "run_nope");
    }

    @Test
    void bulkApproveApprovesWhatItCanAndReportsTheRest() {
        PatchRun a = trigger(web, PatchRun.PATCH_ALL, null, false, true, null);
        PatchRun b = trigger(db, PatchRun.PATCH_ALL, null, false, false, null);
        PatchRunService.BulkApprove result = runs.bulkApprove(ctx(), "bob", List.of(a.id(), b.id()), "immediate");
        assertThat(result.approved()).extracting(x -> x.validation().id()).containsExactly(a.id());
        assertThat(result.failed()).containsExactly(new PatchRunService.Failure(b.id(), PatchRunService.NOT_APPROVABLE));
        assertThat(refusal(() -> runs.bulkApprove(ctx(), "bob", List.of(), null))).contains("run_ids");
    }

    @Test
    void theAgentMayReportOnlyItsOwnHostsRuns() {
        PatchRun run = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        assertThat(refusal(() -> stages.agentOutput(ctx(), db, run.id(), PatchRunOutput.started())))
                .isEqualTo("FORBIDDEN Patch run does not belong to this host");
        assertThat(refusal(() -> stages.agentOutput(globex.context(), rivalHost, run.id(), PatchRunOutput.started())))
                .isEqualTo("NOT_FOUND Patch run not found");
        assertThat(refusal(() -> stages.agentOutput(ctx(), web, run.id(), new PatchRunOutput("exploded", null, null, null)))).contains("stage must be");
        assertThat(runs.get(ctx(), run.id()).status()).isEqualTo(PatchRun.QUEUED);
    }

    @Test
    void theNextReportAfterCompletionSettlesThePostPatchPill() {
        PatchRun run = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        execution.sendRunPatch(ctx(), run.id(), "tok-p");
        stages.agentOutput(ctx(), web, run.id(), new PatchRunOutput("completed", "done", null, null));
        Instant completedAt = runs.get(ctx(), run.id()).completedAt();
        stages.reportReceived(ctx(), db, completedAt.plusSeconds(5));
        stages.reportReceived(ctx(), web, completedAt);
        assertThat(runs.get(ctx(), run.id()).awaitingPostPatchReport()).isTrue();

        stages.reportReceived(ctx(), web, completedAt.plusSeconds(30));
        PatchRun settled = runs.get(ctx(), run.id());
        assertThat(settled.awaitingPostPatchReport()).isFalse();
        assertThat(settled.postPatchReportReceived()).isTrue();
        long revision = settled.revision();
        stages.reportReceived(ctx(), web, completedAt.plusSeconds(60));
        assertThat(runs.get(ctx(), run.id()).revision()).isEqualTo(revision);
    }

    @Test
    void aTerminalStageBeforeAwaitResultStoredItsTokenIsAnsweredByTheTaskItselfOnceAndAfterItTheStageAnswersIt() throws Exception {
        PatchRun quick = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        execution.sendRunPatch(ctx(), quick.id(), "tok-q");
        stages.agentOutput(ctx(), web, quick.id(), PatchRunOutput.started());
        stages.agentOutput(ctx(), web, quick.id(), new PatchRunOutput("completed", "done", null, null));
        PatchRun completed = runs.get(ctx(), quick.id());
        execution.awaitResult(ctx(), quick.id(), "tok-q-result");
        assertThat(json.readTree(workflows.succeeded.get("tok-q-result")).get("status").asText()).isEqualTo(PatchRun.COMPLETED);
        // A retried invocation answers nothing twice and writes nothing.
        execution.awaitResult(ctx(), quick.id(), "tok-q-result");
        assertThat(runs.get(ctx(), quick.id())).isEqualTo(completed);

        PatchRun slow = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        execution.sendRunPatch(ctx(), slow.id(), "tok-s1");
        stages.agentOutput(ctx(), web, slow.id(), PatchRunOutput.started());
        execution.awaitResult(ctx(), slow.id(), "tok-s2");
        execution.awaitResult(ctx(), slow.id(), "tok-s2");
        assertThat(workflows.succeeded).doesNotContainKey("tok-s2");
        stages.agentOutput(ctx(), web, slow.id(), new PatchRunOutput("failed", "E: boom", "exit status 100", null));
        stages.agentOutput(ctx(), web, slow.id(), new PatchRunOutput("failed", "E: boom", "exit status 100", null));
        assertThat(json.readTree(workflows.succeeded.get("tok-s2")).get("status").asText()).isEqualTo(PatchRun.FAILED);
        assertThat(json.readTree(workflows.succeeded.get("tok-s1")).get("status").asText()).as("answered once, by started")
                .isEqualTo(PatchRun.RUNNING);
        assertThat(eventTypes()).containsExactly(PatchRunEvents.STARTED, PatchRunEvents.STARTED);
        assertThatThrownBy(() -> execution.awaitResult(ctx(), "run_nope", "tok-x")).isInstanceOf(PatchRunExecution.NotDispatchableException.class);
    }

    @Test
    void aStartTheWorkflowWasNotToldOfIsRepeatedByTheNextProgressAndARetriedHandoffIsNotSentTwice() throws Exception {
        connect(web);
        PatchRun run = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        execution.sendRunPatch(ctx(), run.id(), "tok-lost");
        workflows.unreachable = true;
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.started());
        assertThat(runs.get(ctx(), run.id()).status()).isEqualTo(PatchRun.RUNNING);
        workflows.unreachable = false;
        assertThat(workflows.succeeded).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        stages.agentOutput(ctx(), web, run.id(), PatchRunOutput.progress("Reading package lists...\n"));
        assertThat(json.readTree(workflows.succeeded.get("tok-lost")).get("status").asText()).isEqualTo(PatchRun.RUNNING);
        assertThat(workflows.heartbeats).isEmpty();

        // RunPatch's task invoked again (a retried Lambda invocation) after the agent started: its new token is
        // answered at once and run_patch is not sent a second time.
        long handedOut = agents.posted.stream().filter(m -> m.contains("\"type\":\"run_patch\"")).count();
        assertThat(execution.sendRunPatch(ctx(), run.id(), "tok-retried")).isEmpty();
        assertThat(json.readTree(workflows.succeeded.get("tok-retried")).get("status").asText()).isEqualTo(PatchRun.RUNNING);
        assertThat(agents.posted.stream().filter(m -> m.contains("\"type\":\"run_patch\"")).count()).isEqualTo(handedOut);
        assertThat(runs.get(ctx(), run.id()).status()).isEqualTo(PatchRun.RUNNING);
    }

    @Test
    void recordResultFailsARunTheAgentNeverReportedAndEmitsTheOutcome() {
        PatchRun silent = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        execution.sendRunPatch(ctx(), silent.id(), "tok-t");
        execution.recordResult(ctx(), silent.id(), "timeout");
        PatchRun failed = runs.get(ctx(), silent.id());
        assertThat(failed.status()).isEqualTo(PatchRun.FAILED);
        assertThat(failed.errorMessage()).isEqualTo(PatchRunExecution.TIMED_OUT_MESSAGE);
        assertThat(eventTypes()).containsExactly(PatchRunEvents.FAILED);
        // A run_patch delivered after the run timed out is refused at started, so the agent never executes it.
        assertThat(refusal(() -> stages.agentOutput(ctx(), web, silent.id(), PatchRunOutput.started())))
                .isEqualTo("CONFLICT Patch run has already ended");

        PatchRun ok = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        execution.sendRunPatch(ctx(), ok.id(), "tok-ok");
        stages.agentOutput(ctx(), web, ok.id(), new PatchRunOutput("completed", "done", null, null));
        PatchRun completed = runs.get(ctx(), ok.id());
        execution.recordResult(ctx(), ok.id(), PatchRun.COMPLETED);
        assertThat(runs.get(ctx(), ok.id())).isEqualTo(completed);
        assertThat(events.get(events.size() - 1).type()).isEqualTo(PatchRunEvents.COMPLETED);
        assertThat(events.get(events.size() - 1).data()).containsEntry("host_name", "web-1").containsEntry("policy_name", "Default");
        execution.recordResult(ctx(), "run_gone", "failed");
    }

    @Test
    void theListFiltersSortsAndPagesAndTheDashboardCounts() {
        PatchRun first = trigger(web, PatchRun.PATCH_ALL, null, false, false, null);
        clock.advance(Duration.ofSeconds(1));
        PatchRun second = dryRun(db);
        clock.advance(Duration.ofSeconds(1));
        PatchRun third = trigger(db, PatchRun.PATCH_ALL, null, false, true, null);

        PatchRunService.RunPage all = runs.list(ctx(), new PatchRunService.ListQuery(null, null, null, null, null, null, null));
        assertThat(all.runs()).extracting(PatchRun::id).containsExactly(third.id(), second.id(), first.id());
        assertThat(all.limit()).isEqualTo(25);
        PatchRunService.RunPage page = runs.list(ctx(), new PatchRunService.ListQuery(1, 1, null, null, null, "created_at", "asc"));
        assertThat(page.runs()).extracting(PatchRun::id).containsExactly(second.id());
        assertThat(page.total()).isEqualTo(3);
        assertThat(runs.list(ctx(), new PatchRunService.ListQuery(null, null, "active", null, null, null, null)).runs())
                .extracting(PatchRun::id).containsExactly(first.id());
        assertThat(runs.list(ctx(), new PatchRunService.ListQuery(null, null, null, "patch_all", db, null, null)).runs())
                .extracting(PatchRun::id).containsExactly(third.id());
        assertThat(runs.list(ctx(), new PatchRunService.ListQuery(null, null, null, null, null, "status", "asc")).runs())
                .extracting(PatchRun::status).containsExactly(PatchRun.PENDING_APPROVAL, PatchRun.PENDING_VALIDATION, PatchRun.QUEUED);
        assertThat(runs.list(globex.context(), new PatchRunService.ListQuery(null, null, null, null, web, null, null)).total()).isZero();
        assertThat(refusal(() -> runs.list(ctx(), new PatchRunService.ListQuery(201, null, null, null, null, null, null)))).contains("limit");
        assertThat(refusal(() -> runs.list(ctx(), new PatchRunService.ListQuery(null, -1, null, null, null, null, null)))).contains("offset");
        assertThat(refusal(() -> runs.list(ctx(), new PatchRunService.ListQuery(null, null, "done", null, null, null, null)))).contains("status");
        assertThat(refusal(() -> runs.list(ctx(), new PatchRunService.ListQuery(null, null, null, null, null, "host", null)))).contains("sort_by");
        assertThat(refusal(() -> runs.list(ctx(), new PatchRunService.ListQuery(null, null, null, null, null, null, "up")))).contains("sort_dir");

        PatchRunService.Dashboard dashboard = runs.dashboard(ctx());
        assertThat(dashboard.totalRuns()).isEqualTo(3);
        assertThat(dashboard.queued()).isEqualTo(1);
        assertThat(dashboard.pendingApproval()).isEqualTo(1);
        assertThat(dashboard.recentRuns()).extracting(PatchRun::id).containsExactly(third.id(), second.id(), first.id());
        assertThat(runs.dashboard(globex.context()).totalRuns()).isZero();
    }

    @Test
    void anotherTenantCannotSubscribeToARun() {
        PatchRun run = dryRun(web);
        sessions.connected(globex.context(), "rival-1");
        assertThat(refusal(() -> sessions.subscribe(globex.context(), "rival-1", "run:" + run.id()))).isEqualTo("NOT_FOUND Run not found");
        assertThat(new PatchRunSubscriptions(store).snapshot(globex.context(), run.id())).isEmpty();
        assertThat(new PatchRunSubscriptions(store).snapshot(ctx(), run.id())).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("type", "snapshot").containsEntry("stage", PatchRun.PENDING_VALIDATION));
    }
}
