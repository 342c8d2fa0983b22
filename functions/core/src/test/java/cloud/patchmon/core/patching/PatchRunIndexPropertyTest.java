package cloud.patchmon.core.patching;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.events.InProcessEvents;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import cloud.patchmon.core.workflows.ExecutionDescription;
import cloud.patchmon.core.workflows.StartedExecution;
import cloud.patchmon.core.workflows.Workflows;
import cloud.patchmon.protocol.PatchRunOutput;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs &amp; History and the dashboard answer from references and counters; this drives random sequences of every
 * operation that changes a run (trigger in all its forms, a start that fails, handoff, the agent's stages, timeouts,
 * approve incl. Skip &amp; Patch, bulk approve, retry, delete, bulk delete, and stale repeated writes) against DynamoDB
 * Local and compares every filter, sort order and a spread of pages with a brute-force filter over the stored runs.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class PatchRunIndexPropertyTest {

    private static final String[] STATUSES = {null, "active", PatchRun.QUEUED, PatchRun.PENDING_VALIDATION, PatchRun.VALIDATED,
            PatchRun.PENDING_APPROVAL, PatchRun.APPROVED, PatchRun.SCHEDULED, PatchRun.RUNNING, PatchRun.COMPLETED,
            PatchRun.DRY_RUN_COMPLETED, PatchRun.FAILED, PatchRun.CANCELLED};
    private static final String[] TYPES = {null, PatchRun.PATCH_ALL, PatchRun.PATCH_PACKAGE};
    private static final String[] SORTS = {"created_at", "started_at", "completed_at", "status"};

    private static final class SilentGateway implements ConnectionGateway {
        @Override
        public void post(String connectionId, String message) {
        }

        @Override
        public void disconnect(String connectionId) {
        }
    }

    /** The recording engine, except that a start fails while {@link #failing} is set. */
    private static final class FlakyWorkflows implements Workflows {
        final RecordingWorkflows delegate = new RecordingWorkflows();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public StartedExecution start(String stateMachine, String name, String input) {
            if (failing.get()) {
                throw new IllegalStateException("Step Functions unavailable");
            }
            return delegate.start(stateMachine, name, input);
        }

        @Override
        public void stop(String executionArn, String error, String cause) {
            delegate.stop(executionArn, error, cause);
        }

        @Override
        public boolean sendTaskSuccess(String taskToken, String output) {
            return delegate.sendTaskSuccess(taskToken, output);
        }

        @Override
        public boolean sendTaskFailure(String taskToken, String error, String cause) {
            return delegate.sendTaskFailure(taskToken, error, cause);
        }

        @Override
        public boolean sendTaskHeartbeat(String taskToken) {
            return delegate.sendTaskHeartbeat(taskToken);
        }

        @Override
        public Optional<ExecutionDescription> describe(String executionArn) {
            return Optional.empty();
        }
    }

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final ObjectMapper json = Json.newMapper();
    private final FlakyWorkflows workflows = new FlakyWorkflows();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private PatchRunService runs;
    private PatchRunExecution execution;
    private PatchRunAgentStages stages;
    private PatchRunRepository repository;
    private AuthenticatedUser acme;
    private AuthenticatedUser globex;
    private List<String> hosts;
    private String rivalHost;
    private PolicySnapshot policy = PolicySnapshot.DEFAULT;
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    PatchRunIndexPropertyTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), json, clock);
        AgentRealtime realtime = AgentRealtime.create(store, new SilentGateway(), clock);
        PatchRunEvents events = new PatchRunEvents(new InProcessEvents(), clock);
        PatchRunLive live = new PatchRunLive(new UiChannel(new UiConnectionRepository(store), new SilentGateway(), json));
        runs = new PatchRunService(store, (ctx, host) -> policy, () -> workflows, realtime.jobs(), events, live, json, clock);
        stages = new PatchRunAgentStages(store, () -> workflows, events, live, json, clock);
        execution = new PatchRunExecution(store, realtime.jobs(), events, live, () -> workflows, json, clock);
        repository = new PatchRunRepository(store);
        IdentityFixture identity = new IdentityFixture(store, clock);
        acme = identity.signup("Acme");
        globex = identity.signup("Globex");
        HostService hostService = new HostService(store, identity.hasher, clock);
        hosts = new ArrayList<>();
        for (String name : List.of("web-1", "web-2", "db-1")) {
            hosts.add(hostService.create(acme.context(), new HostService.NewHost(name, "linux", List.of(), false, false)).host().id());
        }
        rivalHost = hostService.create(globex.context(), new HostService.NewHost("rival", "linux", List.of(), false, false)).host().id();
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private TenantContext ctx() {
        return acme.context();
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 2L})
    void listAndDashboardMatchABruteForceFilterAfterRandomOperations(long seed) {
        Random random = new Random(seed);
        // Another tenant's runs must never show up in, or count towards, this tenant's answers.
        runs.trigger(globex.context(), "eve", new PatchRunService.TriggerRequest(List.of(rivalHost), PatchRun.PATCH_ALL, null, false, false, null));
        for (int step = 0; step < 90; step++) {
            clock.advance(Duration.ofMillis(1 + random.nextInt(5000)));
            apply(random);
            if (step == 44) {
                compareEverything(random);
            }
        }
        compareEverything(random);
        // The sequences must reach the statuses the index treats differently, or the comparisons above prove little.
        assertThat(seen).contains(PatchRun.QUEUED, PatchRun.RUNNING, PatchRun.COMPLETED, PatchRun.FAILED, PatchRun.PENDING_VALIDATION,
                PatchRun.APPROVED, PatchRun.PENDING_APPROVAL);
    }

    private void apply(Random random) {
        List<PatchRun> stored = truth();
        PatchRun any = stored.isEmpty() ? null : stored.get(random.nextInt(stored.size()));
        // The agent's stages mostly go to runs that can still take them, so sequences reach every end.
        List<PatchRun> unfinished = stored.stream().filter(r -> !r.finished()).toList();
        PatchRun open = unfinished.isEmpty() || random.nextInt(4) == 0 ? any : unfinished.get(random.nextInt(unfinished.size()));
        int op = random.nextInt(stored.size() < 3 ? 3 : 16);
        try {
            switch (op) {
                case 0, 1, 2 -> trigger(random);
                case 3 -> execution.sendRunPatch(ctx(), open.id(), "tok-" + open.id());
                case 4 -> stages.agentOutput(ctx(), open.hostId(), open.id(), PatchRunOutput.started());
                case 5 -> stages.agentOutput(ctx(), open.hostId(), open.id(), new PatchRunOutput("progress", "line\n", null, null));
                case 6 -> stages.agentOutput(ctx(), open.hostId(), open.id(),
                        new PatchRunOutput(random.nextBoolean() ? "completed" : "dry_run_completed", "done\n", null, null));
                case 7 -> stages.agentOutput(ctx(), open.hostId(), open.id(), new PatchRunOutput("failed", "E:\n", "exit 100", null));
                case 8 -> stages.agentOutput(ctx(), open.hostId(), open.id(), new PatchRunOutput("cancelled", "stopped\n", null, null));
                case 9 -> execution.recordResult(ctx(), open.id(), "timeout");
                case 10 -> runs.approve(ctx(), "bob", any.id(), random.nextBoolean() ? "immediate" : null);
                case 11 -> runs.bulkApprove(ctx(), "bob", sample(stored, random), null);
                case 12 -> runs.retryValidation(ctx(), any.id());
                case 13 -> runs.delete(ctx(), any.id());
                case 14 -> runs.bulkDelete(ctx(), sample(stored, random));
                default -> staleRepeat(any);
            }
        } catch (DomainException | PatchRunExecution.NotDispatchableException refused) {
            // A refused operation must leave the index as it was; the next comparison checks that.
        }
    }

    private void trigger(Random random) {
        boolean dryRun = random.nextInt(3) == 0;
        String type = dryRun || random.nextBoolean() ? PatchRun.PATCH_PACKAGE : PatchRun.PATCH_ALL;
        List<String> targets = new ArrayList<>(hosts);
        java.util.Collections.shuffle(targets, random);
        policy = random.nextInt(4) == 0 ? new PolicySnapshot("pol_1", "Later", PolicySnapshot.DELAYED, 60, null, null) : PolicySnapshot.DEFAULT;
        workflows.failing.set(random.nextInt(6) == 0);
        try {
            runs.trigger(ctx(), "alice", new PatchRunService.TriggerRequest(targets.subList(0, 1 + random.nextInt(targets.size())), type,
                    PatchRun.PATCH_PACKAGE.equals(type) ? List.of("curl") : null, dryRun, !dryRun && random.nextInt(4) == 0,
                    random.nextInt(3) == 0 ? "immediate" : null));
        } finally {
            workflows.failing.set(false);
        }
    }

    /** The same write again from the state it was made from: refused whole, counting nothing twice. */
    private void staleRepeat(PatchRun run) {
        PatchRun.Builder next = run.toBuilder();
        next.status = PatchRun.RUNNING.equals(run.status()) ? PatchRun.FAILED : PatchRun.RUNNING;
        next.startedAt = clock.instant();
        if (repository.replace(ctx(), run, next.build()).isPresent()) {
            assertThat(repository.replace(ctx(), run, next.build())).isEmpty();
            assertThat(repository.create(ctx(), run)).isFalse();
        }
    }

    private static List<String> sample(List<PatchRun> stored, Random random) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            ids.add(stored.get(random.nextInt(stored.size())).id());
        }
        return ids;
    }

    /** Every run as stored: what the listing must agree with. */
    private List<PatchRun> truth() {
        return store.queryAll(ctx(), QuerySpec.partition(PatchRunRepository.RUNS).limit(QuerySpec.MAX_LIMIT), PatchRun.class);
    }

    private void compareEverything(Random random) {
        List<PatchRun> all = truth();
        all.forEach(r -> seen.add(r.status()));
        List<String> hostChoices = new ArrayList<>(Arrays.asList((String) null));
        hostChoices.addAll(hosts);
        for (String status : STATUSES) {
            for (String type : TYPES) {
                for (String host : hostChoices) {
                    List<PatchRun> matching = all.stream().filter(r -> matches(r, status, type, host)).toList();
                    for (String sortBy : SORTS) {
                        for (boolean ascending : new boolean[]{false, true}) {
                            List<String> expected = matching.stream().sorted(order(sortBy, ascending)).map(PatchRun::id).toList();
                            int limit = 1 + random.nextInt(Math.max(1, expected.size() + 2));
                            int offset = random.nextInt(expected.size() + 2);
                            int[] window = random.nextBoolean() ? new int[]{25, 0} : new int[]{limit, offset};
                            {
                                PatchRunService.RunPage page = runs.list(ctx(), new PatchRunService.ListQuery(window[0], window[1], status, type,
                                        host, sortBy, ascending ? "asc" : "desc"));
                                assertThat(page.runs()).as("%s %s %s by %s %s, %d from %d", status, type, host, sortBy, ascending, window[0], window[1])
                                        .extracting(PatchRun::id)
                                        .containsExactlyElementsOf(expected.stream().skip(window[1]).limit(window[0]).toList());
                                assertThat(page.total()).isEqualTo(expected.size());
                            }
                        }
                    }
                }
            }
        }
        PatchRunService.Dashboard dashboard = runs.dashboard(ctx());
        Map<String, Long> byStatus = all.stream().collect(Collectors.groupingBy(PatchRun::status, Collectors.counting()));
        assertThat(dashboard.totalRuns()).isEqualTo(all.size());
        assertThat(dashboard.queued()).isEqualTo(byStatus.getOrDefault(PatchRun.QUEUED, 0L).intValue());
        assertThat(dashboard.running()).isEqualTo(byStatus.getOrDefault(PatchRun.RUNNING, 0L).intValue());
        assertThat(dashboard.completed()).isEqualTo(byStatus.getOrDefault(PatchRun.COMPLETED, 0L).intValue());
        assertThat(dashboard.failed()).isEqualTo(byStatus.getOrDefault(PatchRun.FAILED, 0L).intValue());
        assertThat(dashboard.pendingApproval()).isEqualTo(byStatus.getOrDefault(PatchRun.PENDING_APPROVAL, 0L).intValue());
        assertThat(dashboard.validated()).isEqualTo(byStatus.getOrDefault(PatchRun.VALIDATED, 0L).intValue());
        assertThat(dashboard.scheduled()).isEqualTo(byStatus.getOrDefault(PatchRun.SCHEDULED, 0L).intValue());
        assertThat(dashboard.recentRuns()).extracting(PatchRun::id)
                .containsExactlyElementsOf(all.stream().map(PatchRun::id).sorted(Comparator.reverseOrder()).limit(5).toList());
        assertThat(runs.dashboard(globex.context()).totalRuns()).isEqualTo(1);
    }

    private static boolean matches(PatchRun run, String status, String type, String host) {
        boolean statusMatches = status == null || status.equals(run.status())
                || ("active".equals(status) && (PatchRun.QUEUED.equals(run.status()) || PatchRun.RUNNING.equals(run.status())));
        return statusMatches && (type == null || type.equals(run.patchType())) && (host == null || host.equals(run.hostId()));
    }

    /** The documented order: by the key in the direction asked, runs without it last, ties by creation in the same direction. */
    private static Comparator<PatchRun> order(String sortBy, boolean ascending) {
        Comparator<PatchRun> byId = Comparator.comparing(PatchRun::id);
        Function<PatchRun, Comparable<?>> key = switch (sortBy) {
            case "started_at" -> PatchRun::startedAt;
            case "completed_at" -> PatchRun::completedAt;
            case "status" -> PatchRun::status;
            default -> PatchRun::id;
        };
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<Comparable> natural = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<PatchRun> primary = Comparator.comparing(r -> (Comparable) key.apply(r), Comparator.nullsLast(natural));
        return primary.thenComparing(ascending ? byId : byId.reversed());
    }
}
