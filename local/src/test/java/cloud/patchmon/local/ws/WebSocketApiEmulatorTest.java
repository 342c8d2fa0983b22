package cloud.patchmon.local.ws;

import cloud.patchmon.api.config.RealtimeConfiguration;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentChannel;
import cloud.patchmon.core.realtime.CommandAckRepository;
import cloud.patchmon.core.realtime.ConnectionRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.local.ApiInvocationMeter;
import cloud.patchmon.local.LocalSettings;
import cloud.patchmon.local.LocalStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A real WebSocket client against the started local stack, dialling the agents endpoint as an agent does and the ui endpoint as a browser does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketApiEmulatorTest {

    private static final ObjectMapper JSON = Json.newMapper();
    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final Duration MAX = Duration.ofSeconds(7);

    private final HttpClient http = HttpClient.newHttpClient();
    private Path data;
    private ConfigurableApplicationContext stack;
    private int port;

    /** A tenant's user token and one of its hosts' credentials. */
    private record Tenant(String token, String tenantId, String hostId, String apiId, String apiKey) {
    }

    private Tenant acme;
    private Tenant globex;

    /** What the agent's side of a connection saw. */
    private static final class Agent implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(java.nio.charset.StandardCharsets.UTF_8.decode(message).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        void send(String frame) {
            socket.sendText(frame, true).join();
        }
    }

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("agents-ws");
        stack = LocalStack.start(new LocalSettings(0, data), "--patchmon.local.ws.idle-timeout=" + IDLE.toSeconds() + "s",
                "--patchmon.local.ws.max-connection-duration=" + MAX.toSeconds() + "s", "--patchmon.local.test-hooks=true");
        port = ((WebServerApplicationContext) stack).getWebServer().getPort();
        acme = tenant("Acme");
        globex = tenant("Globex");
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    private Tenant tenant(String name) throws Exception {
        String user = name.toLowerCase() + UUID.randomUUID().toString().substring(0, 6);
        JsonNode signup = JSON.readTree(post("/api/v1/auth/signup", null, Map.of("tenant_name", name, "username", user,
                "email", user + "@example.test", "password", "Sup3r-Secret!")).body());
        String token = signup.get("token").asText();
        JsonNode host = JSON.readTree(post("/api/v1/hosts", token, Map.of("friendly_name", name + "-web", "os_family", "linux")).body());
        String tenantId = signup.get("tenant").get("id").asText();
        return new Tenant(token, tenantId, host.get("host").get("id").asText(), host.get("api_id").asText(), host.get("api_key").asText());
    }

    private HttpResponse<String> post(String path, String token, Map<String, ?> body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode hostView(Tenant tenant, String hostId) throws Exception {
        return JSON.readTree(get("/api/v1/hosts/" + hostId, tenant.token()).body());
    }

    private Agent dial(String apiId, String apiKey) {
        Agent agent = new Agent();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (apiId != null) {
            builder.header("X-API-ID", apiId);
        }
        if (apiKey != null) {
            builder.header("X-API-KEY", apiKey);
        }
        agent.socket = builder.buildAsync(URI.create("ws://localhost:" + port + WebSocketApiEmulator.AGENTS_PATH), agent).join();
        return agent;
    }

    private WebSocketApiEmulator agentsEmulator() {
        return stack.getBean(RealtimeConfiguration.AGENTS_GATEWAY, WebSocketApiEmulator.class);
    }

    private String ticket(Tenant tenant) throws Exception {
        HttpResponse<String> answer = post("/api/v1/auth/ws-ticket", tenant.token(), Map.of());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("ticket").asText();
    }

    /** A browser's connection: the same listener, opened with a ticket in the query string. */
    private Agent browser(String ticket) {
        Agent browser = new Agent();
        browser.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + WebSocketApiEmulator.UI_PATH + (ticket == null ? "" : "?ticket=" + ticket)), browser).join();
        return browser;
    }

    private JsonNode next(Agent browser, String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String frame = browser.received.poll(200, TimeUnit.MILLISECONDS);
            if (frame != null && JSON.readTree(frame).path("type").asText().equals(type)) {
                return JSON.readTree(frame);
            }
        }
        throw new AssertionError("no " + type + " frame within 10 s");
    }

    private Agent dial(Tenant tenant) {
        return dial(tenant.apiId(), tenant.apiKey());
    }

    private static int handshakeStatus(Runnable dial) {
        Throwable failure = null;
        try {
            dial.run();
        } catch (RuntimeException e) {
            failure = e.getCause();
        }
        assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure).getResponse().statusCode();
    }

    private int refusal(String apiId, String apiKey) {
        Throwable failure = null;
        try {
            dial(apiId, apiKey);
        } catch (RuntimeException e) {
            failure = e.getCause();
        }
        assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure).getResponse().statusCode();
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private TenantContext ctx(Tenant tenant) {
        return TenantContext.system(new TenantId(tenant.tenantId()), "test");
    }

    @Test
    void anAgentConnectsIsShownConnectedReceivesCommandsAndIsShownDisconnectedAfterClosing() throws Exception {
        Instant before = Instant.now();
        Agent agent = dial(acme);

        JsonNode view = hostView(acme, acme.hostId());
        assertThat(view.get("connected").asBoolean()).isTrue();
        assertThat(view.get("connection_secure").asBoolean()).as("ws://, not wss://").isFalse();
        assertThat(Instant.parse(view.get("connected_at").asText())).isBetween(before.minusSeconds(1), Instant.now());
        JsonNode list = JSON.readTree(get("/api/v1/hosts", acme.token()).body());
        assertThat(list.get(0).get("connected").asBoolean()).isTrue();

        AgentChannel channel = new AgentChannel(new ConnectionRepository(stack.getBean(ItemStore.class)),
                agentsEmulator(), JSON);
        assertThat(channel.send(ctx(acme), acme.hostId(), Map.of("type", "report_now", "job_id", "job-1"))).isEqualTo(AgentChannel.Delivery.SENT);
        assertThat(JSON.readTree(agent.received.poll(5, TimeUnit.SECONDS))).isEqualTo(JSON.readTree("{\"type\":\"report_now\",\"job_id\":\"job-1\"}"));
        assertThat(channel.send(ctx(globex), acme.hostId(), Map.of("type", "report_now"))).isEqualTo(AgentChannel.Delivery.NOT_CONNECTED);

        // Fetch Report through the API reaches the same live session.
        HttpResponse<String> fetch = post("/api/v1/hosts/" + acme.hostId() + "/fetch-report", acme.token(), Map.of());
        assertThat(fetch.statusCode()).as(fetch.body()).isEqualTo(200);
        JsonNode fetched = JSON.readTree(agent.received.poll(5, TimeUnit.SECONDS));
        assertThat(fetched.path("type").asText()).isEqualTo("report_now");
        assertThat(fetched.path("job_id").asText()).isEqualTo(JSON.readTree(fetch.body()).path("job_id").asText());
        assertThat(post("/api/v1/hosts/" + acme.hostId() + "/fetch-report", globex.token(), Map.of()).statusCode()).isEqualTo(404);

        agent.send("{\"type\":\"command_ack\",\"job_id\":\"job-1\",\"status\":\"completed\"}");
        CommandAckRepository acks = new CommandAckRepository(stack.getBean(ItemStore.class));
        eventually(() -> acks.find(ctx(acme), acme.hostId(), "job-1").isPresent());

        agent.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        eventually(() -> {
            try {
                return !hostView(acme, acme.hostId()).get("connected").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(hostView(acme, acme.hostId()).get("connection_secure").isNull()).isTrue();
        assertThat(post("/api/v1/hosts/" + acme.hostId() + "/fetch-report", acme.token(), Map.of()).statusCode()).isEqualTo(409);
    }

    @Test
    void theMetersCountAuthorizerAndRouteInvocationsPostsAndApiRequests() throws Exception {
        // a tenant of its own: no other test left it delayed jobs that $connect would post
        Tenant initech = tenant("Initech");
        WebSocketApiEmulator emulator = agentsEmulator();
        ApiInvocationMeter api = stack.getBean(ApiInvocationMeter.class);
        WebSocketApiEmulator.Meter before = emulator.meter();
        long apiBefore = api.invocations();

        assertThat(refusal(initech.apiId(), "wrong")).isEqualTo(401);
        Agent agent = dial(initech);
        AgentChannel channel = new AgentChannel(new ConnectionRepository(stack.getBean(ItemStore.class)), emulator, JSON);
        assertThat(channel.send(ctx(initech), initech.hostId(), Map.of("type", "report_now"))).isEqualTo(AgentChannel.Delivery.SENT);
        assertThat(agent.received.poll(5, TimeUnit.SECONDS)).isNotNull();
        agent.send("{\"type\":\"command_ack\",\"job_id\":\"meter-1\",\"status\":\"completed\"}");
        CommandAckRepository acks = new CommandAckRepository(stack.getBean(ItemStore.class));
        eventually(() -> acks.find(ctx(initech), initech.hostId(), "meter-1").isPresent());

        WebSocketApiEmulator.Meter used = emulator.meter().minus(before);
        // two dials, one refused by the authorizer; then $connect and the ack's route (other tests' closes may add more)
        assertThat(used.authorizerInvocations()).isEqualTo(2);
        assertThat(used.routeInvocations()).isGreaterThanOrEqualTo(2);
        assertThat(used.messagesPosted()).isEqualTo(1);
        // the upgrades were the emulator's, never the API's
        assertThat(api.invocations()).isEqualTo(apiBefore);
        assertThat(get("/api/v1/health", initech.token()).statusCode()).isEqualTo(200);
        assertThat(api.invocations()).isEqualTo(apiBefore + 1);
        agent.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void aClientCannotClaimASecureConnection() throws Exception {
        Agent agent = new Agent();
        agent.socket = http.newWebSocketBuilder().header("X-API-ID", globex.apiId()).header("X-API-KEY", globex.apiKey())
                .header("x-forwarded-proto", "https")
                .buildAsync(URI.create("ws://localhost:" + port + WebSocketApiEmulator.AGENTS_PATH), agent).join();
        try {
            JsonNode view = hostView(globex, globex.hostId());
            assertThat(view.get("connected").asBoolean()).isTrue();
            assertThat(view.get("connection_secure").asBoolean()).isFalse();
        } finally {
            agent.socket.abort();
        }
    }

    @Test
    void missingOrWrongCredentialsAreRefusedOnTheUpgradeAsApiGatewayWould() {
        assertThat(refusal(null, null)).isEqualTo(401);
        assertThat(refusal(acme.apiId(), null)).isEqualTo(401);
        assertThat(refusal(acme.apiId(), "0".repeat(64))).isEqualTo(401);
        assertThat(refusal(acme.apiId(), globex.apiKey())).isEqualTo(401);
    }

    @Test
    void anotherTenantSeesNeitherTheHostNorItsConnection() throws Exception {
        Agent agent = dial(acme);
        try {
            assertThat(get("/api/v1/hosts/" + acme.hostId(), globex.token()).statusCode()).isEqualTo(404);
            JsonNode globexHosts = JSON.readTree(get("/api/v1/hosts", globex.token()).body());
            assertThat(globexHosts).hasSize(1);
            assertThat(globexHosts.get(0).get("id").asText()).isEqualTo(globex.hostId());
            assertThat(globexHosts.get(0).get("connected").asBoolean()).isFalse();

            // A frame naming globex's host is refused; the connection stays usable.
            agent.send("{\"type\":\"command_ack\",\"job_id\":\"job-x\",\"status\":\"completed\",\"host_id\":\"" + globex.hostId() + "\"}");
            agent.send("{\"type\":\"command_ack\",\"job_id\":\"job-y\",\"status\":\"completed\"}");
            CommandAckRepository acks = new CommandAckRepository(stack.getBean(ItemStore.class));
            eventually(() -> acks.find(ctx(acme), acme.hostId(), "job-y").isPresent());
            assertThat(acks.find(ctx(acme), acme.hostId(), "job-x")).isEmpty();
            assertThat(acks.find(ctx(globex), globex.hostId(), "job-x")).isEmpty();
        } finally {
            agent.socket.abort();
        }
    }

    @Test
    void aMessageOver128KbClosesTheConnectionWith1009() throws Exception {
        Agent agent = dial(globex);
        agent.socket.sendText("{\"type\":\"docker_status\",\"pad\":\"" + "x".repeat(130 * 1024) + "\"}", true);
        assertThat(agent.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void theTestHookDropsAConnectionAndTheHostShowsDisconnected() throws Exception {
        Agent agent = dial(globex);
        WebSocketApiEmulator emulator = agentsEmulator();
        String connectionId = new ConnectionRepository(stack.getBean(ItemStore.class)).find(ctx(globex), globex.hostId()).orElseThrow().connectionId();

        assertThat(emulator.drop(connectionId)).isTrue();

        assertThat(agent.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
        eventually(() -> !emulator.connectionIds().contains(connectionId));
        eventually(() -> {
            try {
                return !hostView(globex, globex.hostId()).get("connected").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(emulator.drop(connectionId)).isFalse();
    }

    @Test
    void pingsAreAnsweredAndKeepAConnectionPastTheIdleTimeoutButNotPastTheMaximum() throws Exception {
        Agent pinging = dial(acme);
        Agent silent = dial(globex);
        long start = System.nanoTime();
        pinging.socket.sendPing(ByteBuffer.wrap("keepalive".getBytes())).join();
        assertThat(pinging.pongs.poll(5, TimeUnit.SECONDS)).isEqualTo("keepalive");

        while (!silent.closed.isDone()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE.plusSeconds(3));
            pinging.socket.sendPing(ByteBuffer.wrap(new byte[]{1}));
            Thread.sleep(500);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(IDLE);
        assertThat(pinging.closed).isNotDone();

        while (!pinging.closed.isDone()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(MAX.plusSeconds(3));
            pinging.socket.sendPing(ByteBuffer.wrap(new byte[]{1}));
            Thread.sleep(500);
        }
        assertThat(pinging.closed.get()).isEqualTo(1001);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(MAX.minusSeconds(1));
    }

    @Test
    void refusedFramesLeaveTheConnectionOpenAndAPlainGetIsNoUpgrade() throws Exception {
        Agent agent = dial(globex);
        try {
            agent.send("not json");
            agent.send("{\"type\":\"run_patch\"}");
            agent.socket.sendBinary(ByteBuffer.wrap(new byte[]{0, 1, 2}), true).join();
            agent.send("{\"type\":\"command_ack\",\"job_id\":\"after-junk\",\"status\":\"completed\"}");
            CommandAckRepository acks = new CommandAckRepository(stack.getBean(ItemStore.class));
            eventually(() -> acks.find(ctx(globex), globex.hostId(), "after-junk").isPresent());
            assertThat(agent.closed).isNotDone();
        } finally {
            agent.socket.abort();
        }
        assertThat(get(WebSocketApiEmulator.AGENTS_PATH, acme.token()).statusCode()).isEqualTo(404);
    }

    @Test
    void aBrowserWithATicketWatchesItsHostConnectAndDropThroughTheHook() throws Exception {
        Agent browser = browser(ticket(acme));
        browser.send("{\"type\":\"subscribe\",\"channel\":\"host:" + acme.hostId() + "\"}");
        assertThat(next(browser, "subscribed").get("channel").asText()).isEqualTo("host:" + acme.hostId());

        Agent agent = dial(acme);
        JsonNode connected = next(browser, "agent_connected");
        assertThat(connected.get("host_id").asText()).isEqualTo(acme.hostId());
        assertThat(connected.get("secure").asBoolean()).isFalse();
        assertThat(connected.get("channel").asText()).isEqualTo("host:" + acme.hostId());

        HttpResponse<String> drop = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/_local/ws/drop?host_id=" + acme.hostId()))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(drop.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(drop.body()).get("dropped").asInt()).isEqualTo(1);
        assertThat(agent.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(next(browser, "agent_disconnected").get("host_id").asText()).isEqualTo(acme.hostId());

        browser.send("{\"type\":\"ping\"}");
        next(browser, "pong");
        browser.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void aTicketOpensOneConnectionAndAnotherTenantsHostIsRefused() throws Exception {
        String ticket = ticket(globex);
        Agent browser = browser(ticket);
        assertThat(handshakeStatus(() -> browser(ticket))).as("replayed").isEqualTo(401);
        assertThat(handshakeStatus(() -> browser(null))).as("no ticket").isEqualTo(401);
        assertThat(handshakeStatus(() -> browser("made-up"))).isEqualTo(401);

        browser.send("{\"type\":\"subscribe\",\"channel\":\"host:" + acme.hostId() + "\"}");
        JsonNode refused = next(browser, "error");
        assertThat(refused.get("error").asText()).isEqualTo("Host not found");
        browser.send("not json");
        assertThat(next(browser, "error").get("error").asText()).isEqualTo("Malformed frame: expected a JSON object");

        // The refused subscription delivers nothing of acme's host.
        Agent agent = dial(acme);
        try {
            browser.send("{\"type\":\"subscribe\",\"channel\":\"host:" + globex.hostId() + "\"}");
            next(browser, "subscribed");
            assertThat(browser.received.stream().map(f -> f.contains(acme.hostId()) && f.contains("agent_connected")).toList()).doesNotContain(true);
        } finally {
            agent.socket.abort();
            browser.socket.abort();
        }
    }

    @Test
    void theDropHookAnswersOnlyAPostWithAHost() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/_local/ws/drop?host_id=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(400);
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/_local/ws/drop"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> put(String path, String token, Map<String, ?> body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anApplyMadeOfflineGoesOutWhenTheAgentConnectsAndRegeneratedCredentialsCloseTheConnection() throws Exception {
        Tenant initech = tenant("Initech");
        assertThat(put("/api/v1/hosts/" + initech.hostId() + "/pending-config", initech.token(), Map.of("docker", true)).statusCode()).isEqualTo(200);
        HttpResponse<String> applied = post("/api/v1/hosts/" + initech.hostId() + "/apply-config", initech.token(), Map.of());
        assertThat(applied.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(applied.body()).path("job").path("status").asText()).isEqualTo("delayed");

        Agent agent = dial(initech);
        JsonNode command = JSON.readTree(agent.received.poll(10, TimeUnit.SECONDS));
        assertThat(command.path("type").asText()).isEqualTo("apply_config");
        assertThat(command.path("config")).isEqualTo(JSON.readTree("{\"docker\":true}"));
        JsonNode queue = JSON.readTree(get("/api/v1/hosts/" + initech.hostId() + "/agent-queue", initech.token()).body());
        assertThat(queue.path("queue_status").path("delayed").asInt()).isZero();
        assertThat(queue.path("job_history").get(0).path("status").asText()).isEqualTo("active");

        assertThat(post("/api/v1/hosts/" + initech.hostId() + "/regenerate-credentials", initech.token(), Map.of()).statusCode()).isEqualTo(200);
        assertThat(agent.closed.get(10, TimeUnit.SECONDS)).as("DeleteConnection's close").isEqualTo(1001);
        eventually(() -> {
            try {
                return !hostView(initech, initech.hostId()).path("connected").asBoolean();
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(refusal(initech.apiId(), initech.apiKey())).as("the old key").isEqualTo(401);
    }
}
