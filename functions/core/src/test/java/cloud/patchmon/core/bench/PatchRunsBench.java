package cloud.patchmon.core.bench;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.events.InProcessEvents;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.patching.EffectivePolicies;
import cloud.patchmon.core.patching.PatchRun;
import cloud.patchmon.core.patching.PatchRunEvents;
import cloud.patchmon.core.patching.PatchRunLive;
import cloud.patchmon.core.patching.PatchRunRepository;
import cloud.patchmon.core.patching.PatchRunSeeding;
import cloud.patchmon.core.patching.PatchRunService;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code ./patchmon bench patch-runs}: what {@code GET /patching/runs} (default page, each filter, another sort order,
 * a deep page) and {@code GET /patching/dashboard} read (request units, exact, from ReturnConsumedCapacity; latency
 * against DynamoDB Local) with 1,000 and 10,000 runs on 100 hosts, next to the read of every run they used to make;
 * and what a run's status change writes.
 */
public final class PatchRunsBench {

    private static final int[] HISTORIES = {1_000, 10_000};
    private static final int HOSTS = 100;
    private static final int WARMUP = 10;
    private static final int MEASURED = 100;
    private static final int MEASURED_SCANS = 10;
    /** A history as it piles up: mostly completed runs, some failed, a few of every other status. */
    private static final String[] MIX = {PatchRun.COMPLETED, PatchRun.COMPLETED, PatchRun.COMPLETED, PatchRun.COMPLETED, PatchRun.COMPLETED,
            PatchRun.COMPLETED, PatchRun.COMPLETED, PatchRun.COMPLETED, PatchRun.FAILED, PatchRun.FAILED, PatchRun.VALIDATED, PatchRun.APPROVED,
            PatchRun.DRY_RUN_COMPLETED, PatchRun.CANCELLED, PatchRun.PENDING_APPROVAL, PatchRun.SCHEDULED, PatchRun.QUEUED, PatchRun.RUNNING,
            PatchRun.PENDING_VALIDATION};

    private static final class NoGateway implements ConnectionGateway {
        @Override
        public void post(String connectionId, String message) {
        }

        @Override
        public void disconnect(String connectionId) {
        }
    }

    private record Case(String what, PatchRunService.ListQuery query) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        List<String> summary = new ArrayList<>();
        try (DynamoDbLocal dynamo = DynamoDbLocal.instance()) {
            StorageSettings settings = dynamo.newTable();
            CapacityMeter meter = new CapacityMeter();
            try (DynamoDbClient client = dynamo.client(settings, meter)) {
                Clock clock = Clock.systemUTC();
                DynamoItemStore store = new DynamoItemStore(client, settings.tableName(), Json.newMapper(), clock);
                TenantContext ctx = TenantContext.system(new TenantId("bench"), "bench");
                PatchRunRepository repository = new PatchRunRepository(store);
                HostRepository hostRepository = new HostRepository(store);
                PatchRunService service = new PatchRunService(store, EffectivePolicies.DEFAULT_ONLY, () -> {
                    throw new IllegalStateException("the bench starts no workflow");
                }, AgentRealtime.create(store, new NoGateway(), clock).jobs(), new PatchRunEvents(new InProcessEvents(), clock),
                        new PatchRunLive(new UiChannel(new UiConnectionRepository(store), new NoGateway(), Json.newMapper())), Json.newMapper(), clock);
                HostService hostService = new HostService(store, new PasswordHasher(4), clock);
                List<String> hosts = new ArrayList<>();
                for (int i = 0; i < HOSTS; i++) {
                    hosts.add(hostService.create(ctx, new HostService.NewHost("web-" + i, "linux", List.of(), false, false)).host().id());
                }
                Random random = new Random(8);
                List<Case> cases = List.of(
                        new Case("list, default page of 25", query(null, null, null, null, null)),
                        new Case("list status=failed", query(null, PatchRun.FAILED, null, null, null)),
                        new Case("list status=active&type=patch_all", query(null, "active", PatchRun.PATCH_ALL, null, null)),
                        new Case("list host_id=<one host>", query(null, null, null, hosts.get(7), null)),
                        new Case("list sort_by=completed_at", query(null, null, null, null, "completed_at")),
                        new Case("list sort_by=status&sort_dir=asc&offset=500", new PatchRunService.ListQuery(null, 500, null, null, null, "status", "asc")),
                        new Case("list limit=200", query(200, null, null, null, null)),
                        new Case("list offset=900 (page 37)", new PatchRunService.ListQuery(null, 900, null, null, null, null, null)));

                System.out.println("runs    read                                  units/read  p50 ms  p99 ms");
                int seeded = 0;
                Instant start = Instant.parse("2025-01-01T00:00:00Z");
                for (int history : HISTORIES) {
                    List<PatchRun> batch = new ArrayList<>();
                    for (; seeded < history; seeded++) {
                        batch.add(run(hosts, seeded, start.plusSeconds(600L * seeded), random));
                    }
                    PatchRunSeeding.store(store, ctx, batch);
                    if (service.dashboard(ctx).totalRuns() != history || !service.list(ctx, query(null, null, null, null, null)).runs()
                            .equals(repository.newest(ctx, PatchRunService.DEFAULT_LIMIT))) {
                        throw new IllegalStateException("the references and counters do not match the seeded runs");
                    }
                    List<String> line = new ArrayList<>();
                    for (Case c : cases) {
                        // As the route answers: the page, then the names of its hosts.
                        double[] m = measure(meter, MEASURED, () -> service.hostsOf(ctx, service.list(ctx, c.query()).runs()));
                        print(history, c.what(), m);
                        line.add(String.format(Locale.ROOT, "%s=%.1f", c.what().replace(' ', '_'), m[0]));
                    }
                    double[] dashboard = measure(meter, MEASURED, () -> service.hostsOf(ctx, service.dashboard(ctx).recentRuns()));
                    print(history, "dashboard", dashboard);
                    double[] before = measure(meter, MEASURED_SCANS, () -> {
                        store.queryAll(ctx, QuerySpec.partition("PATCHRUNS").sortBeginsWith("RUN#").descending().limit(QuerySpec.MAX_LIMIT), PatchRun.class);
                        hostRepository.list(ctx);
                    });
                    print(history, "every run + every host (before)", before);
                    summary.add(String.format(Locale.ROOT, "runs=%d %s dashboard=%.1f before=%.1f", history, String.join(" ", line),
                            dashboard[0], before[0]));
                }
                double transitionUnits = transition(meter, repository, ctx, hosts, seeded);
                System.out.printf(Locale.ROOT, "status change (queued -> running, incl. references and counters): %.1f write units%n", transitionUnits);
                summary.add(String.format(Locale.ROOT, "transition_write_units=%.1f", transitionUnits));
            }
        }
        System.out.println("patch-runs " + String.join("; ", summary));
    }

    private static PatchRunService.ListQuery query(Integer limit, String status, String type, String host, String sortBy) {
        return new PatchRunService.ListQuery(limit, null, status, type, host, sortBy, null);
    }

    private static PatchRun run(List<String> hosts, int n, Instant created, Random random) {
        String status = MIX[random.nextInt(MIX.length)];
        boolean dryRun = status.equals(PatchRun.VALIDATED) || status.equals(PatchRun.PENDING_VALIDATION) || status.equals(PatchRun.DRY_RUN_COMPLETED);
        String type = dryRun || random.nextBoolean() ? PatchRun.PATCH_PACKAGE : PatchRun.PATCH_ALL;
        boolean started = !List.of(PatchRun.PENDING_APPROVAL, PatchRun.SCHEDULED, PatchRun.QUEUED, PatchRun.PENDING_VALIDATION).contains(status);
        boolean ended = started && !status.equals(PatchRun.RUNNING);
        List<String> packages = type.equals(PatchRun.PATCH_PACKAGE) ? List.of("curl", "openssl", "libssl3") : List.of();
        return new PatchRun(String.format("run_%013d_%016x", created.toEpochMilli(), random.nextLong()), hosts.get(n % HOSTS), "web-" + (n % HOSTS),
                "web-" + (n % HOSTS) + ".example", type, dryRun, packages, status, status.equals(PatchRun.FAILED) ? "exit status 100" : null,
                List.of(), "alice", null, created, started ? created.plusSeconds(5) : null, ended ? created.plusSeconds(95) : null, null, null,
                null, PolicySnapshot.DEFAULT.toJson(), null, false, false, 0, 0, null, null, null, null, 0, 0);
    }

    /** Write units of one status change that moves references and counters (a queued run starting). */
    private static double transition(CapacityMeter meter, PatchRunRepository repository, TenantContext ctx, List<String> hosts, int n) {
        PatchRun.Builder q = run(hosts, n, Instant.now(), new Random(1)).toBuilder();
        q.status = PatchRun.QUEUED;
        q.startedAt = null;
        q.completedAt = null;
        PatchRun stored = q.build();
        repository.create(ctx, stored);
        PatchRun.Builder running = stored.toBuilder();
        running.status = PatchRun.RUNNING;
        running.startedAt = Instant.now();
        try (CapacityMeter.Scope scope = meter.open()) {
            repository.replace(ctx, stored, running.build());
            return scope.tally().writeUnits();
        }
    }

    private static void print(int runs, String what, double[] m) {
        System.out.printf(Locale.ROOT, "%6d  %-44s %9.1f  %6.1f  %6.1f%n", runs, what, m[0], m[1], m[2]);
    }

    /** @return units per read, p50 and p99 in milliseconds */
    private static double[] measure(CapacityMeter meter, int runs, Runnable read) {
        for (int i = 0; i < WARMUP; i++) {
            read.run();
        }
        long[] nanos = new long[runs];
        double units;
        try (CapacityMeter.Scope scope = meter.open()) {
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                read.run();
                nanos[i] = System.nanoTime() - t;
            }
            units = scope.tally().readUnits() / runs;
        }
        Arrays.sort(nanos);
        return new double[]{units, nanos[runs / 2] / 1e6, nanos[runs * 99 / 100] / 1e6};
    }
}
