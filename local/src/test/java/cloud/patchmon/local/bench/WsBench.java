package cloud.patchmon.local.bench;

import cloud.patchmon.local.LocalSettings;
import cloud.patchmon.local.LocalStack;
import cloud.patchmon.api.config.RealtimeConfiguration;
import cloud.patchmon.local.ws.WebSocketApiEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
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
import java.util.concurrent.TimeUnit;

/**
 * {@code ./patchmon bench ws}: the agents WebSocket of the real local stack. (1) Command round trip: Fetch Report
 * ({@code POST /hosts/{id}/fetch-report}) → the simulated agent (the JDK WebSocket client) receives {@code report_now}
 * and answers {@code command_ack completed} → the Agent Queue shows the job completed; p50/p99 of both legs.
 * (2) Concurrent connections: simulated agents dial one after another, each a host of its own, until
 * {@link #MAX_CONNECTIONS}, a failed dial or {@link #DIAL_BUDGET}; then every one must still be open and a
 * {@code settings_update} fan-out is timed.
 */
public final class WsBench {

    private static final int ROUND_TRIPS = 300;
    private static final int MAX_CONNECTIONS = 3000;
    private static final Duration DIAL_BUDGET = Duration.ofMinutes(4);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private String bearer;

    private WsBench(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        Path data = Files.createTempDirectory("patchmon-bench-");
        String summary;
        // bcrypt cost 4: the bench creates thousands of hosts; the cost of verifying keys is the auth bench's subject.
        try (ConfigurableApplicationContext stack = LocalStack.start(new LocalSettings(0, data), "--patchmon.auth.rate-limit=100000",
                "--patchmon.auth.bcrypt-cost=4", "--logging.level.patchmon.access=WARN", "--logging.level.cloud.patchmon=WARN")) {
            int port = ((WebServerApplicationContext) stack).getWebServer().getPort();
            summary = new WsBench("http://localhost:" + port).run(stack.getBean(RealtimeConfiguration.AGENTS_GATEWAY, WebSocketApiEmulator.class));
        }
        System.out.println(summary);
        System.out.flush();
        System.exit(0);
    }

    private JsonNode send(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    /** A simulated agent: acknowledges every command at once and remembers when each arrived. */
    private final class Agent implements WebSocket.Listener {
        final Map<String, Long> arrived = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                try {
                    JsonNode command = json.readTree(partial.toString());
                    String jobId = command.path("job_id").asText();
                    arrived.put(jobId, now);
                    webSocket.sendText("{\"type\":\"command_ack\",\"job_id\":\"" + jobId + "\",\"status\":\"completed\"}", true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private Agent dial(JsonNode host) {
        Agent agent = new Agent();
        agent.socket = http.newWebSocketBuilder().header("X-API-ID", host.path("api_id").asText()).header("X-API-KEY", host.path("api_key").asText())
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(base.replace("http://", "ws://") + WebSocketApiEmulator.AGENTS_PATH), agent).orTimeout(20, TimeUnit.SECONDS).join();
        return agent;
    }

    private JsonNode newHost(String name) throws Exception {
        return send("POST", "/api/v1/hosts", Map.of("friendly_name", name));
    }

    private String run(WebSocketApiEmulator emulator) throws Exception {
        String owner = "bench" + UUID.randomUUID().toString().substring(0, 8);
        bearer = send("POST", "/api/v1/auth/signup", Map.of("tenant_name", "Bench " + owner, "username", owner,
                "email", owner + "@example.test", "password", "Sup3r-Secret!")).path("token").asText();

        JsonNode host = newHost("rtt");
        String hostId = host.path("host").path("id").asText();
        Agent agent = dial(host);
        waitConnected(hostId);
        long[] toAgent = new long[ROUND_TRIPS];
        long[] toCompleted = new long[ROUND_TRIPS];
        for (int i = 0; i < ROUND_TRIPS; i++) {
            long start = System.nanoTime();
            String jobId = send("POST", "/api/v1/hosts/" + hostId + "/fetch-report", null).path("job_id").asText();
            while (true) {
                JsonNode job = send("GET", "/api/v1/hosts/" + hostId + "/agent-queue?limit=1", null).path("job_history").get(0);
                if (job.path("job_id").asText().equals(jobId) && "completed".equals(job.path("status").asText())) {
                    break;
                }
            }
            toCompleted[i] = System.nanoTime() - start;
            toAgent[i] = agent.arrived.get(jobId) - start;
        }
        agent.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

        List<Agent> agents = new ArrayList<>();
        long budgetEnd = System.nanoTime() + DIAL_BUDGET.toNanos();
        String stop = "the maximum tried";
        while (agents.size() < MAX_CONNECTIONS) {
            if (System.nanoTime() > budgetEnd) {
                stop = "the dialling time budget";
                break;
            }
            try {
                agents.add(dial(newHost("c-" + agents.size())));
            } catch (RuntimeException e) {
                stop = "a failed dial (" + e.getClass().getSimpleName() + ")";
                break;
            }
        }
        long open = agents.stream().filter(a -> !a.socket.isInputClosed() && !a.socket.isOutputClosed()).count();
        long fanOutStart = System.nanoTime();
        JsonNode pushed = send("PUT", "/api/v1/settings/agent-updates", Map.of("update_interval", 45));
        double fanOutMs = (System.nanoTime() - fanOutStart) / 1e6;
        int held = emulator.connectionIds().size();
        agents.forEach(a -> a.socket.abort());

        return String.format(Locale.ROOT,
                "ws: round trip over %d Fetch Reports: server -> agent p50 %.1f ms p99 %.1f ms; server -> agent -> ack -> job completed "
                        + "p50 %.1f ms p99 %.1f ms | concurrent agent connections: %d open (%d held by the emulator), stopped by %s; "
                        + "settings_update fan-out to %d agents in %.0f ms (capped at 500 per change)",
                ROUND_TRIPS, percentile(toAgent, 50), percentile(toAgent, 99), percentile(toCompleted, 50), percentile(toCompleted, 99),
                open, held, stop, pushed.path("agents_notified").asInt(), fanOutMs);
    }

    private void waitConnected(String hostId) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!send("GET", "/api/v1/hosts/" + hostId, null).path("connected").asBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the simulated agent never showed as connected");
            }
        }
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
