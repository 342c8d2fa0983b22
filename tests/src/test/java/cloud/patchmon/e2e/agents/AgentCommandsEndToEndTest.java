package cloud.patchmon.e2e.agents;

import cloud.patchmon.e2e.harness.Deadline;
import cloud.patchmon.e2e.harness.LocalStackProcess;
import cloud.patchmon.e2e.harness.StackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real agent daemon connected to the real local stack over the agents WebSocket, driven by the operator's
 * buttons: Fetch Report is an Agent Queue job that completes with a new report, Apply lands an integration toggle in
 * the agent's config.yml, and a new update interval or auto-update switch (Settings, Host Detail) reaches the running
 * agent and what {@code /hosts/agent/version} tells it.
 */
@ExtendWith(StackExtension.class)
class AgentCommandsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private final LocalStackProcess stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private Path configDir;
    private String bearer;
    private String hostId;
    private String apiId;
    private String apiKey;
    private Process serve;

    AgentCommandsEndToEndTest(LocalStackProcess stack) {
        this.stack = stack;
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(stack.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            if (bearer != null && !headers.containsKey("Authorization")) {
                request.header("Authorization", "Bearer " + bearer);
            }
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String method, String path, Object body) throws IOException {
        HttpResponse<String> response = send(method, path, Map.of(), body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 202);
        return json.readTree(response.body());
    }

    private void run(Path agent, String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = agent.toString();
        command[1] = "--config-dir";
        command[2] = configDir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("cli.out").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("cli.out"))).isZero();
    }

    private String configYml() {
        try {
            return Files.readString(configDir.resolve("config.yml"));
        } catch (IOException e) {
            return "";
        }
    }

    private JsonNode quietly(String path) {
        try {
            return call("GET", path, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void startTheDaemon() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-query")), "the apt collector needs dpkg-query");
        String name = "cmds" + UUID.randomUUID().toString().substring(0, 8);
        bearer = call("POST", "/api/v1/auth/signup", Map.of("tenant_name", "Commands " + name, "username", name,
                "email", name + "@example.test", "password", "Sup3r-Secret!")).path("token").asText();
        JsonNode created = call("POST", "/api/v1/hosts", Map.of("friendly_name", "this-machine", "os_family", "linux"));
        hostId = created.path("host").path("id").asText();
        apiId = created.path("api_id").asText();
        apiKey = created.path("api_key").asText();
        HttpResponse<Path> download = http.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/api/v1/hosts/agent/download?os=linux&arch=amd64"))
                .header("X-API-ID", apiId).header("X-API-KEY", apiKey).build(), HttpResponse.BodyHandlers.ofFile(dir.resolve("patchmon-agent")));
        assertThat(download.statusCode()).isEqualTo(200);
        Path agent = download.body();
        assertThat(agent.toFile().setExecutable(true)).isTrue();
        configDir = dir.resolve("etc");
        run(agent, "config", "set-api", apiId, apiKey, stack.baseUrl().toString().replaceAll("/$", ""));
        run(agent, "config", "set", "package_cache_refresh_mode", "never");

        serve = new ProcessBuilder(agent.toString(), "--config-dir", configDir.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.out").toFile()).start();
        Deadline.await(WAIT, "the agent's connection and first report", () -> {
            JsonNode host = quietly("/api/v1/hosts/" + hostId);
            return host.path("connected").asBoolean() && "active".equals(host.path("status").asText());
        });
    }

    @AfterEach
    void stopTheDaemon() throws InterruptedException {
        if (serve != null) {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void fetchReportIsAJobThatCompletesWithANewReport() throws Exception {
        Instant before = Instant.parse(quietly("/api/v1/hosts/" + hostId).path("last_update").asText());
        String jobId = call("POST", "/api/v1/hosts/" + hostId + "/fetch-report", null).path("job_id").asText();

        Deadline.await(WAIT, "the Fetch Report job to complete", () -> {
            for (JsonNode job : quietly("/api/v1/hosts/" + hostId + "/agent-queue").path("job_history")) {
                if (job.path("job_id").asText().equals(jobId)) {
                    return "completed".equals(job.path("status").asText());
                }
            }
            return false;
        });
        JsonNode key = call("POST", "/api/v1/auto-enrollment/tokens", Map.of("token_name", "Queue reader",
                "metadata", Map.of("integration_type", "api"), "scopes", Map.of("host", java.util.List.of("get")))).path("token");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((key.path("token_key").asText() + ":"
                + key.path("token_secret").asText()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> queue = send("GET", "/api/v1/api/hosts/" + hostId + "/agent_queue?limit=1", Map.of("Authorization", basic), null);
        assertThat(queue.statusCode()).as(queue.body()).isEqualTo(200);
        JsonNode job = json.readTree(queue.body()).path("job_history").get(0);
        assertThat(job.path("job_name").asText()).isEqualTo("report_now");
        assertThat(job.path("attempt").asInt()).isEqualTo(1);
        assertThat(job.path("error_message").isNull()).isTrue();
        Instant after = Instant.parse(quietly("/api/v1/hosts/" + hostId).path("last_update").asText());
        assertThat(after).as("the report the job asked for").isAfter(before);
    }

    @Test
    void applyLandsTheStagedToggleInTheAgentsConfig() throws Exception {
        Pattern dockerOn = Pattern.compile("(?m)^\\s+docker: true$");
        assertThat(dockerOn.matcher(configYml()).find()).isFalse();
        call("PUT", "/api/v1/hosts/" + hostId + "/pending-config", Map.of("docker", true));
        JsonNode applied = call("POST", "/api/v1/hosts/" + hostId + "/apply-config", null);
        assertThat(applied.path("job").path("status").asText()).isEqualTo("active");

        Deadline.await(WAIT, "integrations.docker: true in config.yml", () -> dockerOn.matcher(configYml()).find());
        Deadline.await(WAIT, "the pending configuration to clear", () -> {
            JsonNode view = quietly("/api/v1/hosts/" + hostId + "/integrations");
            return view.path("pending").isNull() && view.path("integrations").path("docker").asBoolean();
        });
    }

    @Test
    void aNewUpdateIntervalReachesTheRunningAgent() throws Exception {
        Deadline.await(WAIT, "the agent's interval synced at start", () -> configYml().contains("update_interval: 60"));
        JsonNode changed = call("PUT", "/api/v1/settings/agent-updates", Map.of("update_interval", 37));
        assertThat(changed.path("agents_notified").asInt()).isEqualTo(1);
        Deadline.await(WAIT, "update_interval: 37 in config.yml", () -> configYml().contains("update_interval: 37"));
    }

    private JsonNode versionOffer() throws IOException {
        HttpResponse<String> answer = send("GET", "/api/v1/hosts/agent/version?type=java&currentVersion=0.0.1",
                Map.of("X-API-ID", apiId, "X-API-KEY", apiKey), null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    @Test
    void turningAutoUpdateOffReachesTheRunningAgentAndTheVersionAnswer() throws Exception {
        Pattern off = Pattern.compile("(?m)^auto_update: false$");
        Pattern on = Pattern.compile("(?m)^auto_update: true$");
        assertThat(versionOffer().path("autoUpdateDisabled").asBoolean()).isFalse();

        JsonNode changed = call("PUT", "/api/v1/settings/agent-updates", Map.of("auto_update", false));
        assertThat(changed.path("agents_notified").asInt()).isEqualTo(1);
        JsonNode offer = versionOffer();
        assertThat(offer.path("autoUpdateDisabled").asBoolean()).isTrue();
        assertThat(offer.path("autoUpdateDisabledReason").asText()).contains("Settings");
        Deadline.await(WAIT, "auto_update: false in config.yml", () -> off.matcher(configYml()).find());
        Deadline.await(WAIT, "the agent to acknowledge the settings_update", () -> {
            for (JsonNode job : quietly("/api/v1/hosts/" + hostId + "/agent-queue").path("job_history")) {
                if ("settings_update".equals(job.path("job_name").asText())) {
                    return "completed".equals(job.path("status").asText());
                }
            }
            return false;
        });

        call("PUT", "/api/v1/settings/agent-updates", Map.of("auto_update", true));
        Deadline.await(WAIT, "auto_update: true in config.yml", () -> on.matcher(configYml()).find());
        assertThat(versionOffer().path("autoUpdateDisabled").asBoolean()).isFalse();

        // The host's own switch on Host Detail.
        JsonNode host = call("PATCH", "/api/v1/hosts/" + hostId + "/auto-update", Map.of("auto_update", false));
        assertThat(host.path("agent_notified").asBoolean()).isTrue();
        assertThat(versionOffer().path("autoUpdateDisabledReason").asText()).isEqualTo("Auto-update is disabled for this host");
        Deadline.await(WAIT, "auto_update: false in config.yml again", () -> off.matcher(configYml()).find());
    }
}
