package cloud.patchmon.local.workflows;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.events.InProcessEvents;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.patching.PatchRun;
import cloud.patchmon.core.patching.PatchRunAgentStages;
import cloud.patchmon.core.patching.PatchRunEvents;
import cloud.patchmon.core.patching.PatchRunExecution;
import cloud.patchmon.core.patching.PatchRunLive;
import cloud.patchmon.core.patching.PatchRunService;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.realtime.AgentJob;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.workflows.ExecutionStatus;
import cloud.patchmon.protocol.PatchRunOutput;
import cloud.patchmon.workflow.StateMachines;
import cloud.patchmon.workflow.WorkflowTasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PatchRun definition as shipped, run by the local interpreter with the real tasks on DynamoDB Local: the agent's
 * start resolves RunPatch's token however long the agent was offline, its terminal stage resolves AwaitResult's (or,
 * coming first, makes the task answer itself), a silent running agent times the heartbeat out, a deleted run's
 * execution stops.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class PatchRunWorkflowTest {

    private final DynamoDbLocal dynamo;
    private final ManualTimers timers = new ManualTimers(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<String> toAgents = new CopyOnWriteArrayList<>();
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<PolicySnapshot> policy = new AtomicReference<>(PolicySnapshot.DEFAULT);
    private LocalWorkflows workflows;
    private PatchRunService runs;
    private PatchRunAgentStages stages;
    private AgentRealtime realtime;
    private AuthenticatedUser acme;
    private String host;

    PatchRunWorkflowTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        ItemStore store = Fixtures.store(dynamo, dynamo.newTable(), timers.clock());
        InProcessEvents bus = new InProcessEvents();
        bus.subscribe(events::add);
        ConnectionGateway agents = new ConnectionGateway() {
            @Override
            public void post(String connectionId, String message) {
                toAgents.add(message);
            }

            @Override
            public void disconnect(String connectionId) {
            }
        };
        realtime = AgentRealtime.create(store, agents, timers.clock());
        UiChannel ui = new UiChannel(new UiConnectionRepository(store), ConnectionGateway.unconfigured("ui"), Fixtures.JSON);
        WorkflowTasks tasks = WorkflowTasks.standard(store, realtime, ui, bus, () -> workflows, timers.clock());
        workflows = new LocalWorkflows(store, Map.of(StateMachines.PATCH_RUN,
                StateMachines.definition(StateMachines.PATCH_RUN, Map.of(StateMachines.WORKFLOW_FUNCTION, WorkflowFunction.ARN))),
                new WorkflowFunction(tasks, Fixtures.JSON), timers, Runnable::run, Fixtures.JSON);
        runs = new PatchRunService(store, (ctx, h) -> policy.get(), () -> workflows, realtime.jobs(),
                new PatchRunEvents(bus, timers.clock()), new PatchRunLive(ui), Fixtures.JSON, timers.clock());
        stages = new PatchRunAgentStages(store, () -> workflows, new PatchRunEvents(bus, timers.clock()), new PatchRunLive(ui),
                Fixtures.JSON, timers.clock());
        IdentityFixture identity = new IdentityFixture(store, timers.clock());
        acme = identity.signup("Acme");
        host = new HostService(store, identity.hasher, timers.clock())
                .create(acme.context(), new HostService.NewHost("web-1", "linux", List.of(), false, false)).host().id();
    }

    @AfterEach
    void tearDown() {
        workflows.close();
    }

    private PatchRun trigger(String type, List<String> packages, boolean dryRun) {
        return runs.trigger(acme.context(), "alice", new PatchRunService.TriggerRequest(List.of(host), type, packages, dryRun, false, null)).get(0);
    }

    @Test
    void theAgentsStartAndTerminalStageResolveTheTwoTokensAndTheExecutionRecordsTheOutcome() {
        realtime.connections().connected(acme.context(), host, "conn-1", true, "192.0.2.1");
        PatchRun run = trigger(PatchRun.PATCH_ALL, null, false);

        PatchRun handedOut = runs.get(acme.context(), run.id());
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch");
        assertThat(handedOut.taskToken()).isNotBlank();
        assertThat(handedOut.resultToken()).isNull();
        assertThat(toAgents).singleElement().satisfies(m -> assertThat(m).contains("\"type\":\"run_patch\"").contains(run.id()));

        stages.agentOutput(acme.context(), host, run.id(), PatchRunOutput.started());
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch", "AwaitResult");
        assertThat(runs.get(acme.context(), run.id()).resultToken()).isNotBlank().isNotEqualTo(handedOut.taskToken());
        timers.advance(Duration.ofMinutes(20));
        stages.agentOutput(acme.context(), host, run.id(), PatchRunOutput.progress("Unpacking curl ...\n"));
        // The progress restarted the heartbeat clock: 20 more minutes (40 in all) are still inside HeartbeatSeconds.
        timers.advance(Duration.ofMinutes(20));
        assertThat(workflows.describe(run.executionArn()).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        stages.agentOutput(acme.context(), host, run.id(), new PatchRunOutput("completed", "Unpacking curl ...\nSetting up curl\n", null, null));

        assertThat(workflows.describe(run.executionArn()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch", "AwaitResult", "RecordResult");
        PatchRun done = runs.get(acme.context(), run.id());
        assertThat(done.status()).isEqualTo(PatchRun.COMPLETED);
        assertThat(done.awaitingPostPatchReport()).isTrue();
        assertThat(events).extracting(DomainEvent::type).containsExactly(PatchRunEvents.STARTED, PatchRunEvents.COMPLETED);
    }

    @Test
    void anOfflineAgentsRunStaysQueuedFarBeyondTheHeartbeatRunsWhenItReconnectsAndTimesOutOnlyOnceRunningAndSilent() {
        PatchRun run = trigger(PatchRun.PATCH_PACKAGE, List.of("curl"), true);
        assertThat(toAgents).isEmpty();

        // Two days offline: far beyond AwaitResult's 1800 s heartbeat, and RunPatch has none.
        timers.advance(Duration.ofDays(2));
        assertThat(workflows.describe(run.executionArn()).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch");
        assertThat(runs.get(acme.context(), run.id()).status()).isEqualTo(PatchRun.PENDING_VALIDATION);
        assertThat(events).isEmpty();

        realtime.connections().connected(acme.context(), host, "conn-2", true, "192.0.2.1");
        assertThat(realtime.jobs().deliverPending(acme.context(), host)).isEqualTo(1);
        assertThat(toAgents).singleElement().satisfies(m -> assertThat(m).contains("\"dry_run\":true"));
        stages.agentOutput(acme.context(), host, run.id(), PatchRunOutput.started());
        assertThat(runs.get(acme.context(), run.id()).status()).isEqualTo(PatchRun.RUNNING);
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch", "AwaitResult");

        // Running and then silent for longer than HeartbeatSeconds: the run fails as before.
        timers.advance(Duration.ofMinutes(31));
        assertThat(workflows.statesEntered(run.executionArn()))
                .containsExactly("WaitUntilRunAt", "RunPatch", "AwaitResult", "RunTimedOut", "RecordResult");
        assertThat(workflows.describe(run.executionArn()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        PatchRun failed = runs.get(acme.context(), run.id());
        assertThat(failed.status()).isEqualTo(PatchRun.FAILED);
        assertThat(failed.errorMessage()).isEqualTo(PatchRunExecution.TIMED_OUT_MESSAGE);
        assertThat(events).extracting(DomainEvent::type).containsExactly(PatchRunEvents.STARTED, PatchRunEvents.FAILED);
        // The agent's late answer changes nothing, and a late start is refused.
        stages.agentOutput(acme.context(), host, run.id(), new PatchRunOutput("dry_run_completed", "late", null, null));
        assertThat(runs.get(acme.context(), run.id())).isEqualTo(failed);
        assertThatThrownBy(() -> stages.agentOutput(acme.context(), host, run.id(), PatchRunOutput.started()))
                .isInstanceOf(DomainException.class).hasMessage("Patch run has already ended");
    }

    @Test
    void aTerminalStageBeforeAwaitResultStoredItsTokenMakesTheTaskAnswerItselfAtOnce() {
        realtime.connections().connected(acme.context(), host, "conn-3", true, "192.0.2.1");
        PatchRun run = trigger(PatchRun.PATCH_ALL, null, false);
        // An agent that reports its outcome without started: the stage answers RunPatch's token, AwaitResult then
        // finds the run ended and answers its own token inside its invocation.
        stages.agentOutput(acme.context(), host, run.id(), new PatchRunOutput("completed", "Setting up curl\n", null, null));

        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch", "AwaitResult", "RecordResult");
        assertThat(workflows.describe(run.executionArn()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        PatchRun done = runs.get(acme.context(), run.id());
        assertThat(done.status()).isEqualTo(PatchRun.COMPLETED);
        assertThat(done.resultToken()).isNull();
        assertThat(events).extracting(DomainEvent::type).containsExactly(PatchRunEvents.COMPLETED);
    }

    @Test
    void deletingAQueuedRunWhileItsAgentIsOfflineStopsTheExecutionAndItsLateStartIsRefused() {
        PatchRun run = trigger(PatchRun.PATCH_ALL, null, false);
        timers.advance(Duration.ofHours(3));
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch");

        runs.delete(acme.context(), run.id());
        assertThat(workflows.describe(run.executionArn()).orElseThrow().status()).isEqualTo(ExecutionStatus.ABORTED);
        timers.advance(Duration.ofDays(30));
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch");
        assertThatThrownBy(() -> stages.agentOutput(acme.context(), host, run.id(), PatchRunOutput.started()))
                .isInstanceOf(DomainException.class).hasMessage("Patch run not found");
        assertThat(events).extracting(DomainEvent::type).containsExactly(PatchRunEvents.CANCELLED);
    }

    @Test
    void stoppingARunningRunEndsItCancelledThroughAwaitResult() {
        realtime.connections().connected(acme.context(), host, "conn-4", true, "192.0.2.1");
        PatchRun run = trigger(PatchRun.PATCH_ALL, null, false);
        stages.agentOutput(acme.context(), host, run.id(), PatchRunOutput.started());
        runs.stop(acme.context(), run.id());
        assertThat(toAgents).anySatisfy(m -> assertThat(m).contains("\"type\":\"patch_run_stop\""));
        stages.agentOutput(acme.context(), host, run.id(), new PatchRunOutput("cancelled", "partial", "stopped by user", null));

        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch", "AwaitResult", "RecordResult");
        assertThat(runs.get(acme.context(), run.id()).status()).isEqualTo(PatchRun.CANCELLED);
    }

    @Test
    void anAgentThatNeverComesBackFailsTheRunBeforeTheExecutionItselfTimesOut() {
        PatchRun run = trigger(PatchRun.PATCH_ALL, null, false);
        timers.advance(Duration.ofDays(363));
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch");
        timers.advance(Duration.ofDays(1));
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch", "RunTimedOut", "RecordResult");
        assertThat(workflows.describe(run.executionArn()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runs.get(acme.context(), run.id()).errorMessage()).isEqualTo(PatchRunExecution.TIMED_OUT_MESSAGE);
    }

    @Test
    void aScheduledRunWaitsForItsTimeAndDeletingItStopsTheExecution() {
        policy.set(new PolicySnapshot("pol_1", "Hold 30", PolicySnapshot.DELAYED, 30, null, null));
        PatchRun run = trigger(PatchRun.PATCH_ALL, null, false);
        assertThat(run.status()).isEqualTo(PatchRun.SCHEDULED);
        timers.advance(Duration.ofMinutes(29));
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt");

        runs.delete(acme.context(), run.id());
        assertThat(workflows.describe(run.executionArn()).orElseThrow().status()).isEqualTo(ExecutionStatus.ABORTED);
        timers.advance(Duration.ofMinutes(5));
        assertThat(toAgents).isEmpty();
        assertThat(realtime.jobs().queue(acme.context(), host, 10).totalJobs()).isZero();
    }

    @Test
    void aRunThatEndedBeforeItsTimeIsNotHandedOut() {
        policy.set(new PolicySnapshot("pol_1", "Hold 30", PolicySnapshot.DELAYED, 30, null, null));
        PatchRun run = trigger(PatchRun.PATCH_PACKAGE, List.of("curl"), false);
        // An upstream agent reporting a stage for a run it was never sent still ends it; the execution then finds it ended.
        stages.agentOutput(acme.context(), host, run.id(), new PatchRunOutput("failed", "", "refused", null));
        timers.advance(Duration.ofMinutes(31));
        assertThat(workflows.statesEntered(run.executionArn())).containsExactly("WaitUntilRunAt", "RunPatch", "RunFailed", "RecordResult");
        assertThat(toAgents).isEmpty();
        assertThat(realtime.jobs().queue(acme.context(), host, 10).jobs()).extracting(AgentJob::type).isEmpty();
    }
}
