package cloud.patchmon.local;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.workflows.ExecutionStatus;
import cloud.patchmon.core.workflows.Workflows;
import cloud.patchmon.local.workflows.LocalWorkflows;
import cloud.patchmon.local.ws.WebSocketApiEmulator;
import cloud.patchmon.workflow.StateMachines;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackTest {

    record Marker(String note) {
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(ConfigurableApplicationContext stack, String path) throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) stack).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheApiAndTheWebAppWithClientSideRoutes(@TempDir Path data) throws Exception {
        try (ConfigurableApplicationContext stack = LocalStack.start(new LocalSettings(0, data))) {
            HttpResponse<String> health = get(stack, "/api/v1/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");

            HttpResponse<String> root = get(stack, "/");
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.body()).contains("<div id=\"root\">");

            HttpResponse<String> clientRoute = get(stack, "/patching/runs/123");
            assertThat(clientRoute.statusCode()).isEqualTo(200);
            assertThat(clientRoute.body()).isEqualTo(root.body());
            assertThat(clientRoute.headers().firstValue("Cache-Control")).contains("no-cache");

            Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(root.body());
            assertThat(script.find()).as("index.html references its bundle").isTrue();
            HttpResponse<String> bundle = get(stack, script.group(1));
            assertThat(bundle.statusCode()).isEqualTo(200);
            assertThat(bundle.headers().firstValue("Cache-Control").orElse("")).contains("immutable");

            HttpResponse<String> unknownApi = get(stack, "/api/v1/no-such-route");
            assertThat(unknownApi.statusCode()).isEqualTo(404);
            assertThat(unknownApi.body()).isEqualTo("{\"error\":\"Route not found\"}");
        }
    }

    @Test
    void aSessionSurvivesARestart(@TempDir Path data) throws Exception {
        String token;
        try (ConfigurableApplicationContext first = LocalStack.start(new LocalSettings(0, data))) {
            HttpResponse<String> signup = post(first, "/api/v1/auth/signup",
                    "{\"tenant_name\":\"Restart Org\",\"username\":\"ada\",\"email\":\"ada@example.test\",\"password\":\"Sup3r-Secret!\"}");
            assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
            Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(signup.body());
            assertThat(m.find()).isTrue();
            token = m.group(1);
        }
        assertThat(data.resolve("secrets/jwt-secret")).isRegularFile();
        try (ConfigurableApplicationContext second = LocalStack.start(new LocalSettings(0, data))) {
            int port = ((WebServerApplicationContext) second).getWebServer().getPort();
            HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/me"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(me.body()).contains("\"username\":\"ada\"");
        }
    }

    private HttpResponse<String> post(ConfigurableApplicationContext stack, String path, String body) throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) stack).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ConfigurableApplicationContext stack, String path, String cookie) throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) stack).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void swaggerUiAndTheDocumentAnswerTheSignedInBrowserAndTheLimitsAnswer429(@TempDir Path data) throws Exception {
        try (ConfigurableApplicationContext stack = LocalStack.start(new LocalSettings(0, data), "--patchmon.ratelimit.general=8")) {
            assertThat(get(stack, "/api/v1/api-docs").statusCode()).as("signed out").isEqualTo(401);

            HttpResponse<String> signup = post(stack, "/api/v1/auth/signup",
                    "{\"tenant_name\":\"Docs Org\",\"username\":\"ada\",\"email\":\"ada@example.test\",\"password\":\"Sup3r-Secret!\"}");
            assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
            String cookie = signup.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("patchmon_access="))
                    .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();

            HttpResponse<String> page = get(stack, "/api/v1/api-docs", cookie);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("SwaggerUIBundle", "/api/v1/api-docs/openapi.json");
            assertThat(get(stack, "/api/v1/api-docs/swagger-ui/swagger-ui-bundle.js", cookie).statusCode()).isEqualTo(200);
            HttpResponse<String> document = get(stack, "/api/v1/api-docs/openapi.json", cookie);
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.body()).contains("\"/api/v1/hosts\"", "\"/api/v1/agents/ws\"", "\"securitySchemes\"");

            int status = 200;
            for (int i = 0; i < 8 && status == 200; i++) {
                status = get(stack, "/api/v1/hosts", cookie).statusCode();
            }
            HttpResponse<String> limited = get(stack, "/api/v1/hosts", cookie);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).isEqualTo("{\"error\":\"Too many requests from this IP, please try again later.\"}");
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(get(stack, "/api/v1/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRestartKeepsTheData(@TempDir Path data) throws Exception {
        TenantContext ctx = TenantContext.system(new TenantId("restart-test"), "test");
        ItemKey key = ItemKey.of(ctx, "MARKERS", "M#1");

        try (ConfigurableApplicationContext first = LocalStack.start(new LocalSettings(0, data))) {
            first.getBean(ItemStore.class).put(ctx, Item.of(key, "marker", new Marker("survives a restart")));
        }
        try (ConfigurableApplicationContext second = LocalStack.start(new LocalSettings(0, data))) {
            assertThat(second.getBean(ItemStore.class).get(ctx, key, Marker.class))
                    .contains(new Marker("survives a restart"));
        }
    }

    @Test
    void aPatchRunWaitingForItsTimeSurvivesARestart(@TempDir Path data) throws Exception {
        String arn;
        try (ConfigurableApplicationContext first = LocalStack.start(new LocalSettings(0, data))) {
            LocalWorkflows workflows = first.getBean(LocalWorkflows.class);
            arn = workflows.start(StateMachines.PATCH_RUN, "run-restart", """
                    {"tenant_id": "t1", "run_id": "r1", "host_id": "h1", "run_at": "%s"}""".formatted(Instant.now().plus(Duration.ofHours(1))))
                    .executionArn();
            Instant deadline = Instant.now().plusSeconds(30);
            while (workflows.statesEntered(arn).isEmpty() && Instant.now().isBefore(deadline)) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            assertThat(workflows.statesEntered(arn)).containsExactly("WaitUntilRunAt");
        }
        try (ConfigurableApplicationContext second = LocalStack.start(new LocalSettings(0, data))) {
            Workflows workflows = second.getBean(Workflows.class);
            assertThat(workflows.describe(arn).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(second.getBean(LocalWorkflows.class).statesEntered(arn)).containsExactly("WaitUntilRunAt");
            workflows.stop(arn, "PatchRun.Stopped", "test");
            assertThat(workflows.describe(arn).orElseThrow().status()).isEqualTo(ExecutionStatus.ABORTED);
        }
    }

    @Test
    void aStopRunsTheConnectedAgentsDisconnectSoTheRestartedStackShowsTheHostOffline(@TempDir Path data) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String token;
        String hostId;
        WebSocket agent;
        try (ConfigurableApplicationContext first = LocalStack.start(new LocalSettings(0, data))) {
            token = json.readTree(post(first, "/api/v1/auth/signup",
                    "{\"tenant_name\":\"Stop Org\",\"username\":\"stop\",\"email\":\"stop@example.test\",\"password\":\"Sup3r-Secret!\"}").body())
                    .path("token").asText();
            int port = ((WebServerApplicationContext) first).getWebServer().getPort();
            JsonNode host = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/hosts"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"friendly_name\":\"web-1\",\"os_family\":\"linux\"}")).build(), HttpResponse.BodyHandlers.ofString()).body());
            hostId = host.path("host").path("id").asText();
            agent = http.newWebSocketBuilder().header("X-API-ID", host.path("api_id").asText()).header("X-API-KEY", host.path("api_key").asText())
                    .buildAsync(URI.create("ws://localhost:" + port + WebSocketApiEmulator.AGENTS_PATH), new WebSocket.Listener() { })
                    .get(20, TimeUnit.SECONDS);
            Instant deadline = Instant.now().plusSeconds(30);
            while (!connected(first, token, hostId) && Instant.now().isBefore(deadline)) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            assertThat(connected(first, token, hostId)).isTrue();
        }
        try (ConfigurableApplicationContext second = LocalStack.start(new LocalSettings(0, data))) {
            assertThat(connected(second, token, hostId)).as("the record of the connection the stop closed").isFalse();
        } finally {
            agent.abort();
        }
    }

    private boolean connected(ConfigurableApplicationContext stack, String token, String hostId) throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) stack).getWebServer().getPort();
        HttpResponse<String> host = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/hosts/" + hostId))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(host.statusCode()).as(host.body()).isEqualTo(200);
        return new ObjectMapper().readTree(host.body()).path("connected").asBoolean();
    }
}
