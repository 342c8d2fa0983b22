package cloud.patchmon.e2e.agents;

import cloud.patchmon.e2e.harness.Deadline;
import cloud.patchmon.e2e.harness.LocalStackProcess;
import cloud.patchmon.e2e.harness.StackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real agent (the file the stack publishes for hosts to download) on this Debian machine against the
 * real local stack: it reports this machine's dpkg packages, its hashes pass the server's hash gate, and
 * its diagnostics and daemon work. Apt collection needs Debian's dpkg, which CI machines have.
 */
@ExtendWith(StackExtension.class)
class AgentEndToEndTest {

    private final LocalStackProcess stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private Path agent;
    private Path configDir;
    private String bearer;
    private String hostId;
    private String apiId;
    private String apiKey;

    AgentEndToEndTest(LocalStackProcess stack) {
        this.stack = stack;
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private Run agent(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(agent.toString(), "--config-dir", configDir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        var out = process.getInputStream();
        var err = process.getErrorStream();
        String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), stdout, stderr);
    }

    private JsonNode call(String method, String path, String authorization, Map<String, String> headers, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", "Bearer " + authorization);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 201);
        return json.readTree(response.body());
    }

    @BeforeEach
    void enrol() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-query")), "the apt collector needs dpkg-query");
        String name = "agent" + UUID.randomUUID().toString().substring(0, 8);
        bearer = call("POST", "/api/v1/auth/signup", null, Map.of(), Map.of("tenant_name", "Agent " + name, "username", name,
                "email", name + "@example.test", "password", "Sup3r-Secret!")).path("token").asText();
        JsonNode created = call("POST", "/api/v1/hosts", bearer, Map.of(), Map.of("friendly_name", "this-machine", "os_family", "linux"));
        hostId = created.path("host").path("id").asText();
        apiId = created.path("api_id").asText();
        apiKey = created.path("api_key").asText();

        // The bytes a host downloads from GET /hosts/agent/download.
        HttpResponse<Path> download = http.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/api/v1/hosts/agent/download?os=linux&arch=amd64"))
                .header("X-API-ID", apiId).header("X-API-KEY", apiKey).build(), HttpResponse.BodyHandlers.ofFile(dir.resolve("patchmon-agent")));
        assertThat(download.statusCode()).isEqualTo(200);
        agent = download.body();
        assertThat(agent.toFile().setExecutable(true)).isTrue();
        configDir = dir.resolve("etc");
    }

    @Test
    void theAgentReportsThisMachineAndItsHashesPassTheGate() throws Exception {
        Run setApi = agent("config", "set-api", apiId, apiKey, stack.baseUrl().toString().replaceAll("/$", ""));
        assertThat(setApi.exitCode()).as(setApi.stderr()).isZero();
        // The test machine's apt lists stay as they are: no apt-get update from a test.
        assertThat(agent("config", "set", "package_cache_refresh_mode", "never").exitCode()).isZero();

        Run ping = agent("ping");
        assertThat(ping.exitCode()).as(ping.stderr()).isZero();
        assertThat(ping.stdout()).isEqualTo("API credentials are valid\nConnectivity test successful\n");

        Run report = agent("report");
        assertThat(report.exitCode()).as(report.stderr()).isZero();
        assertThat(report.stdout()).startsWith("Report sent successfully: ");

        JsonNode host = call("GET", "/api/v1/hosts/" + hostId, bearer, Map.of(), null);
        assertThat(host.path("status").asText()).isEqualTo("active");
        assertThat(host.path("hostname").asText()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
        assertThat(host.path("os_type").asText()).isNotBlank();
        int installed = dpkgInstalledCount();
        assertThat(host.path("total_packages").asInt()).as("every installed dpkg package").isEqualTo(installed);

        String dpkgVersion = command("dpkg-query", "-W", "-f", "${Version}", "dpkg").trim();
        JsonNode packages = call("GET", "/api/v1/hosts/" + hostId + "/packages?search=dpkg&limit=200", bearer, Map.of(), null);
        assertThat(packages.path("packages").findValuesAsText("name")).contains("dpkg");
        for (JsonNode p : packages.path("packages")) {
            if (p.path("name").asText().equals("dpkg")) {
                assertThat(p.path("current_version").asText()).isEqualTo(dpkgVersion);
            }
        }

        // The agent's own canonical hashes, checked by the server: an unchanged host needs no report.
        Run payload = agent("report", "--json");
        assertThat(payload.exitCode()).as(payload.stderr()).isZero();
        JsonNode body = json.readTree(payload.stdout());
        assertThat(body.path("packages").size()).isEqualTo(installed);
        JsonNode gate = call("POST", "/api/v1/hosts/ping", null, Map.of("X-API-ID", apiId, "X-API-KEY", apiKey),
                Map.of("hashes", body.path("hashes"), "metrics", Map.of("needsReboot", false)));
        assertThat(gate.path("hashGate").asBoolean()).isTrue();
        assertThat(gate.path("requestFull").isMissingNode() || gate.path("requestFull").isEmpty())
                .as("stale sections after an unchanged collection: %s", gate.path("requestFull")).isTrue();

        Run diagnostics = agent("diagnostics");
        assertThat(diagnostics.exitCode()).as(diagnostics.stdout()).isZero();
        assertThat(diagnostics.stdout()).contains("apt (detected)").contains("Connectivity test successful")
                .contains("full [").contains(installed + " packages");
    }

    @Test
    void theDaemonSyncsTheServersIntervalAndReportsOnStart() throws Exception {
        assertThat(agent("config", "set-api", apiId, apiKey, stack.baseUrl().toString().replaceAll("/$", "")).exitCode()).isZero();
        assertThat(agent("config", "set", "update_interval", "720").exitCode()).isZero();
        assertThat(agent("config", "set", "package_cache_refresh_mode", "never").exitCode()).isZero();

        Process serve = new ProcessBuilder(agent.toString(), "--config-dir", configDir.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.out").toFile()).start();
        try {
            Deadline.await(Duration.ofSeconds(120), "the daemon's first report", () -> {
                try {
                    return Files.exists(configDir.resolve("last-report.json"))
                            && json.readTree(configDir.resolve("last-report.json").toFile()).path("sent").asText().equals("full");
                } catch (IOException e) {
                    return false;
                }
            });
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        JsonNode interval = call("GET", "/api/v1/settings/update-interval", null, Map.of("X-API-ID", apiId, "X-API-KEY", apiKey), null);
        assertThat(Files.readString(configDir.resolve("config.yml"))).contains("update_interval: " + interval.path("updateInterval").asInt());
        JsonNode host = call("GET", "/api/v1/hosts/" + hostId, bearer, Map.of(), null);
        assertThat(host.path("status").asText()).isEqualTo("active");
        assertThat(Files.readString(configDir.resolve("logs/patchmon-agent.log"))).contains("check-in done: sent full");
    }

    private static int dpkgInstalledCount() throws IOException, InterruptedException {
        // Names, not lines: a package installed for two architectures is one entry of the report.
        return (int) command("dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${Package}\\n").lines().filter(l -> l.startsWith("ii"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).distinct().count();
    }

    private static String command(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
