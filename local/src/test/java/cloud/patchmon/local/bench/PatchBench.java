package cloud.patchmon.local.bench;

import cloud.patchmon.api.config.RealtimeConfiguration;
import cloud.patchmon.core.patching.PatchRun;
import cloud.patchmon.core.patching.PatchRunRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.workflows.ExecutionStatus;
import cloud.patchmon.local.ApiInvocationMeter;
import cloud.patchmon.local.LocalSettings;
import cloud.patchmon.local.LocalStack;
import cloud.patchmon.local.workflows.LocalWorkflows;
import cloud.patchmon.local.workflows.WorkflowMeter;
import cloud.patchmon.local.ws.WebSocketApiEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * {@code ./patchmon bench patch}: what one patch run costs in AWS and how fast its live output reaches a browser,
 * through the real local stack. A simulated agent (the JDK WebSocket client on the agents API with a host's
 * credentials) answers {@code run_patch} as the agent does: {@code command_ack received}, {@code started},
 * {@link #CHUNKS} {@code progress} chunks, the terminal stage with the whole output, {@code command_ack completed},
 * each stage a {@code POST /patching/runs/{id}/output}. A simulated browser (signed in, {@code POST /auth/ws-ticket},
 * the ui WebSocket) subscribes to {@code run:<id>} as Run Detail does, and unsubscribes after {@code done}.
 *
 * <p>Per run, from the stack's own meters: state transitions and Task invocations of the local Step Functions
 * ({@link WorkflowMeter}), requests that reached the API ({@link ApiInvocationMeter}, one Lambda {@code api}
 * invocation each), authorizer and route invocations of both WebSocket APIs (Lambda {@code ws}) and the messages
 * posted to connections. Chunk latency: from just before the agent's progress POST to the {@code chunk} frame's
 * arrival at the browser.
 */
public final class PatchBench {

    private static final int RUNS = Integer.getInteger("patchmon.bench.runs", 20);
    private static final int CHUNKS = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PACKAGE = "openssl";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final Meters meters;
    private final LocalWorkflows workflows;
    private final PatchRunRepository runs;
    private String bearer;
    private TenantContext tenant;
    private Agent agent;
    private Browser browser;

    private PatchBench(String base, Meters meters, LocalWorkflows workflows, PatchRunRepository runs) {
        this.base = base;
        this.meters = meters;
        this.workflows = workflows;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        Path data = Files.createTempDirectory("patchmon-bench-");
        String summary = null;
        try (ConfigurableApplicationContext stack = LocalStack.start(new LocalSettings(0, data), "--patchmon.auth.rate-limit=100000",
                "--patchmon.ratelimit.agent=1000000", "--patchmon.ratelimit.general=1000000",
                "--logging.level.patchmon.access=WARN", "--logging.level.cloud.patchmon=WARN")) {
            int port = ((WebServerApplicationContext) stack).getWebServer().getPort();
            Meters meters = new Meters(stack.getBean(LocalWorkflows.class), stack.getBean(ApiInvocationMeter.class),
                    stack.getBean(RealtimeConfiguration.AGENTS_GATEWAY, WebSocketApiEmulator.class),
                    stack.getBean(RealtimeConfiguration.UI_GATEWAY, WebSocketApiEmulator.class));
            summary = new PatchBench("http://localhost:" + port, meters, stack.getBean(LocalWorkflows.class),
                    new PatchRunRepository(stack.getBean(ItemStore.class))).run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        }
        // the simulated clients' threads would keep a failed run's JVM alive
        if (summary == null) {
            System.exit(1);
        }
        System.out.println(summary);
        System.out.flush();
        System.exit(0);
    }

    /** Every meter of the stack at one moment. */
    private record Reading(WorkflowMeter.Reading workflows, long api, WebSocketApiEmulator.Meter agents, WebSocketApiEmulator.Meter ui) {

        Reading minus(Reading earlier) {
            return new Reading(workflows.minus(earlier.workflows), api - earlier.api, agents.minus(earlier.agents), ui.minus(earlier.ui));
        }
    }

    private record Meters(LocalWorkflows workflows, ApiInvocationMeter api, WebSocketApiEmulator agents, WebSocketApiEmulator ui) {

        Reading read() {
            return new Reading(workflows.meter().read(), api.invocations(), agents.meter(), ui.meter());
        }
    }

    private JsonNode send(String method, String path, Object body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    private JsonNode operator(String method, String path, Object body) throws IOException, InterruptedException {
        return send(method, path, body, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer));
    }

    /**
     * The agent's side of a run, on one worker thread as the agent runs commands. Before {@code started} it waits for
     * the browser's snapshot of the run, so every chunk is one a subscribed browser receives live.
     */
    private final class Agent implements WebSocket.Listener {
        final Map<String, Long> posted = new ConcurrentHashMap<>();
        final AtomicLong messagesSent = new AtomicLong();
        private final String apiId;
        private final String apiKey;
        private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulated-agent");
            thread.setDaemon(true);
            return thread;
        });
        private final StringBuilder partial = new StringBuilder();
        private volatile Throwable failure;
        WebSocket socket;

        Agent(String apiId, String apiKey) {
            this.apiId = apiId;
            this.apiKey = apiKey;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                worker.execute(() -> {
                    try {
                        handle(json.readTree(text));
                    } catch (Exception | AssertionError e) {
                        failure = e;
                    }
                });
            }
            webSocket.request(1);
            return null;
        }

        private void handle(JsonNode command) throws Exception {
            String jobId = command.path("job_id").asText(null);
            ack(jobId, "received");
            if ("run_patch".equals(command.path("type").asText())) {
                String runId = command.path("patch_run_id").asText();
                boolean dryRun = command.path("dry_run").asBoolean();
                await(() -> browser.snapshots.containsKey(runId), "the browser's snapshot of " + runId);
                output(runId, Map.of("stage", "started"));
                StringBuilder whole = new StringBuilder();
                for (int i = 0; i < CHUNKS; i++) {
                    String chunk = chunk(runId, i);
                    whole.append(chunk);
                    posted.put(chunk, System.nanoTime());
                    output(runId, Map.of("stage", "progress", "output", chunk));
                }
                ObjectNode terminal = json.createObjectNode().put("stage", dryRun ? "dry_run_completed" : "completed").put("output", whole.toString());
                terminal.putArray("packages_affected").addObject().put("name", PACKAGE).put("arch", "amd64")
                        .put("current_version", "3.0.11-1~deb12u2").put("new_version", "3.0.15-1~deb12u1").put("action", "upgrade").put("dependency", false);
                output(runId, terminal);
            }
            ack(jobId, "completed");
        }

        private void output(String runId, Object stage) throws IOException, InterruptedException {
            send("POST", "/api/v1/patching/runs/" + runId + "/output", stage, Map.of("X-API-ID", apiId, "X-API-KEY", apiKey));
        }

        private void ack(String jobId, String status) {
            if (jobId != null) {
                socket.sendText("{\"type\":\"command_ack\",\"job_id\":\"" + jobId + "\",\"status\":\"" + status + "\"}", true).join();
                messagesSent.incrementAndGet();
            }
        }
    }

    /** Apt's output as the agent coalesces it (a second's worth of lines), unique per run and chunk. */
    private static String chunk(String runId, int index) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 8; line++) {
            text.append("Get:").append(index * 8 + line).append(" http://deb.debian.org/debian bookworm/main amd64 lib")
                    .append(PACKAGE).append(" [").append(runId).append("] 2,345 kB\n");
        }
        return text.toString();
    }

    /** Run Detail's live view: subscribes to a run, keeps the arrival time of every chunk, knows when done came. */
    private final class Browser implements WebSocket.Listener {
        final Map<String, Boolean> snapshots = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<String>> done = new ConcurrentHashMap<>();
        final Map<String, Long> arrived = new ConcurrentHashMap<>();
        final AtomicLong messagesSent = new AtomicLong();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                try {
                    JsonNode frame = json.readTree(partial.toString());
                    String runId = frame.path("patch_run_id").asText();
                    switch (frame.path("type").asText()) {
                        case "snapshot" -> snapshots.put(runId, true);
                        case "chunk" -> arrived.put(frame.path("chunk").asText(), now);
                        case "done" -> done.computeIfAbsent(runId, id -> new CompletableFuture<>()).complete(frame.path("stage").asText());
                        default -> { }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        String follow(String runId) throws Exception {
            frame("subscribe", runId);
            CompletableFuture<String> ended = done.computeIfAbsent(runId, id -> new CompletableFuture<>());
            await(ended::isDone, "the done frame of " + runId);
            String stage = ended.join();
            frame("unsubscribe", runId);
            return stage;
        }

        private void frame(String type, String runId) {
            socket.sendText("{\"type\":\"" + type + "\",\"channel\":\"run:" + runId + "\"}", true).join();
            messagesSent.incrementAndGet();
        }
    }

    /** One scenario's figures: each cost driver per run, and the chunk latencies of all its runs. */
    private static final class Scenario {
        final String name;
        final List<Reading> costs = new ArrayList<>();
        final List<Long> latencies = new ArrayList<>();

        Scenario(String name) {
            this.name = name;
        }

        String summary() {
            long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
            return String.format(Locale.ROOT, "%s (%d runs): %s transitions, %s workflow task invocations, %s api invocations, "
                            + "%s ws invocations (agents %s + ui %s), %s messages posted (agents %s, ui frames %s); chunk agent -> browser "
                            + "p50 %.1f ms p99 %.1f ms over %d chunks",
                    name, costs.size(), range(r -> r.workflows().transitions()), range(r -> r.workflows().taskInvocations()),
                    range(Reading::api), range(r -> r.agents().authorizerInvocations() + r.agents().routeInvocations() + r.ui().authorizerInvocations() + r.ui().routeInvocations()),
                    range(r -> r.agents().authorizerInvocations() + r.agents().routeInvocations()), range(r -> r.ui().authorizerInvocations() + r.ui().routeInvocations()),
                    range(r -> r.agents().messagesPosted() + r.ui().messagesPosted()), range(r -> r.agents().messagesPosted()), range(r -> r.ui().messagesPosted()),
                    percentile(nanos, 50), percentile(nanos, 99), nanos.length);
        }

        /** One figure when every run cost the same, else min-max. */
        private String range(java.util.function.ToLongFunction<Reading> figure) {
            long min = costs.stream().mapToLong(figure).min().orElse(0);
            long max = costs.stream().mapToLong(figure).max().orElse(0);
            return min == max ? Long.toString(min) : min + "-" + max;
        }
    }

    private String run() throws Exception {
        String owner = "bench" + UUID.randomUUID().toString().substring(0, 8);
        bearer = operator("POST", "/api/v1/auth/signup", Map.of("tenant_name", "Bench " + owner, "username", owner,
                "email", owner + "@example.test", "password", "Sup3r-Secret!")).path("token").asText();
        tenant = new TenantContext(new TenantId(operator("GET", "/api/v1/auth/me", null).path("tenant").path("id").asText()),
                new TenantContext.Principal(TenantContext.Principal.Kind.USER, owner));
        JsonNode host = operator("POST", "/api/v1/hosts", Map.of("friendly_name", "patch-bench", "os_family", "linux"));
        String hostId = host.path("host").path("id").asText();
        agent = new Agent(host.path("api_id").asText(), host.path("api_key").asText());
        agent.socket = http.newWebSocketBuilder().header("X-API-ID", agent.apiId).header("X-API-KEY", agent.apiKey)
                .buildAsync(URI.create(base.replace("http://", "ws://") + WebSocketApiEmulator.AGENTS_PATH), agent).get(20, TimeUnit.SECONDS);
        await(() -> {
            try {
                return operator("GET", "/api/v1/hosts/" + hostId, null).path("connected").asBoolean();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "the simulated agent to show as connected");
        browser = new Browser();
        String ticket = operator("POST", "/api/v1/auth/ws-ticket", null).path("ticket").asText();
        browser.socket = http.newWebSocketBuilder().buildAsync(URI.create(base.replace("http://", "ws://") + WebSocketApiEmulator.UI_PATH
                + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8)), browser).get(20, TimeUnit.SECONDS);

        Scenario warmUp = new Scenario("warm-up");
        Scenario dryRun = new Scenario("dry run (patch_package, pending_validation -> validated)");
        Scenario real = new Scenario("real run (patch_package, queued -> completed)");
        Scenario approved = new Scenario("validation then approve (dry run validated, approve immediate, real run completed)");
        for (int i = 0; i < 3; i++) {
            measure(warmUp, () -> List.of(validation(hostId)));
        }
        for (int i = 0; i < RUNS; i++) {
            measure(dryRun, () -> List.of(validation(hostId)));
            measure(real, () -> List.of(execution(trigger(hostId, false))));
            measure(approved, () -> {
                String validated = validation(hostId);
                String executed = operator("POST", "/api/v1/patching/runs/" + validated + "/approve", Map.of("schedule_override", "immediate"))
                        .path("run").path("id").asText();
                return List.of(validated, execution(executed));
            });
        }
        agent.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        browser.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        return "patch: " + dryRun.summary() + " | " + real.summary() + " | " + approved.summary();
    }

    private String trigger(String hostId, boolean dryRun) throws IOException, InterruptedException {
        return operator("POST", "/api/v1/patching/trigger", Map.of("host_ids", List.of(hostId), "patch_type", "patch_package",
                "package_names", List.of(PACKAGE), "dry_run", dryRun)).path("runs").get(0).path("id").asText();
    }

    /** A dry run followed live to its end; it must end validated. */
    private String validation(String hostId) throws Exception {
        String runId = trigger(hostId, true);
        require(browser.follow(runId), "validated", runId);
        return runId;
    }

    private String execution(String runId) throws Exception {
        require(browser.follow(runId), "completed", runId);
        return runId;
    }

    private static void require(String stage, String expected, String runId) {
        if (!expected.equals(stage)) {
            throw new IllegalStateException("run " + runId + " ended " + stage + ", not " + expected);
        }
    }

    @FunctionalInterface
    private interface Runs {
        List<String> follow() throws Exception;
    }

    /**
     * One scenario's run(s), metered from before the operator's first request until the workflows closed and the
     * stack has handled every message the simulated clients sent.
     */
    private void measure(Scenario scenario, Runs runs) throws Exception {
        Reading before = meters.read();
        long agentSent = agent.messagesSent.get();
        long browserSent = browser.messagesSent.get();
        List<String> ids = runs.follow();
        for (String runId : ids) {
            PatchRun run = this.runs.find(tenant, runId).orElseThrow();
            await(() -> workflows.describe(run.executionArn()).map(d -> d.status() != ExecutionStatus.RUNNING).orElse(false),
                    "the workflow of " + runId + " to close");
            for (int i = 0; i < CHUNKS; i++) {
                String chunk = chunk(runId, i);
                Long sent = agent.posted.get(chunk);
                Long arrived = browser.arrived.get(chunk);
                if (sent == null || arrived == null) {
                    throw new IllegalStateException("chunk " + i + " of " + runId + " never reached the browser");
                }
                scenario.latencies.add(arrived - sent);
            }
        }
        await(() -> {
            Reading now = meters.read().minus(before);
            return now.agents().routeInvocations() >= agent.messagesSent.get() - agentSent
                    && now.ui().routeInvocations() >= browser.messagesSent.get() - browserSent;
        }, "the stack to handle the clients' messages");
        if (agent.failure != null) {
            throw new IllegalStateException("the simulated agent failed", agent.failure);
        }
        scenario.costs.add(meters.read().minus(before));
    }

    private void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (agent != null && agent.failure != null) {
                throw new IllegalStateException("the simulated agent failed while waiting for " + what, agent.failure);
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            pause();
        }
    }

    /** A load driver's poll interval: short against the latencies measured, long enough not to take a core from the stack. */
    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
