package cloud.patchmon.e2e.patching;

import cloud.patchmon.e2e.harness.Deadline;
import cloud.patchmon.e2e.harness.LocalStackProcess;
import cloud.patchmon.e2e.harness.StackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A validation through the real local stack and the real agent on this Debian machine: the trigger starts the
 * PatchRun workflow, the agent gets {@code run_patch} over its WebSocket, runs {@code apt-get -s} for a package
 * {@code apt list --upgradable} shows, streams its output back and the run ends validated with the transaction the
 * agent parsed. Nothing is ever installed: the approval is made only after the agent was stopped (its credentials
 * live in this test's temporary directory and are never used again), so the execution run it creates stays queued
 * for an offline agent until it is deleted.
 */
@ExtendWith(StackExtension.class)
class PatchRunEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private final LocalStackProcess stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private Path configDir;
    private String bearer;
    private Process serve;

    PatchRunEndToEndTest(LocalStackProcess stack) {
        this.stack = stack;
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(stack.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String method, String path, Object body) throws IOException {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 202);
        return json.readTree(response.body());
    }

    private JsonNode quietly(String path) {
        try {
            return call("GET", path, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(Path agent, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(agent.toString(), "--config-dir", configDir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("cli.out").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("cli.out"))).isZero();
    }

    /** A package this machine could upgrade: curl when it can, else the first one apt lists. */
    private static Optional<String> upgradablePackage() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/apt")) || !Files.isExecutable(Path.of("/usr/bin/dpkg-query"))) {
            return Optional.empty();
        }
        Process apt = new ProcessBuilder("apt", "list", "--upgradable").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String listing = new String(apt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        apt.waitFor(60, TimeUnit.SECONDS);
        Matcher names = Pattern.compile("(?m)^([a-z0-9][a-z0-9.+-]*)/").matcher(listing);
        List<String> all = new ArrayList<>();
        while (names.find()) {
            all.add(names.group(1));
        }
        return all.contains("curl") ? Optional.of("curl") : all.stream().findFirst();
    }

    @AfterEach
    void stopTheDaemon() throws InterruptedException {
        if (serve != null && serve.isAlive()) {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aDryRunOfAnUpgradablePackageIsValidatedByTheRealAgentAndItsApprovalWaitsForTheOfflineAgent() throws Exception {
        Optional<String> upgradable = upgradablePackage();
        assumeTrue(upgradable.isPresent(), "needs apt and a package apt list --upgradable shows");
        String pkg = upgradable.get();

        String name = "patch" + UUID.randomUUID().toString().substring(0, 8);
        bearer = call("POST", "/api/v1/auth/signup", Map.of("tenant_name", "Patching " + name, "username", name,
                "email", name + "@example.test", "password", "Sup3r-Secret!")).path("token").asText();
        JsonNode created = call("POST", "/api/v1/hosts", Map.of("friendly_name", "this-machine", "os_family", "linux"));
        String hostId = created.path("host").path("id").asText();
        String apiId = created.path("api_id").asText();
        String apiKey = created.path("api_key").asText();
        HttpResponse<Path> download = http.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/api/v1/hosts/agent/download?os=linux&arch=amd64"))
                .header("X-API-ID", apiId).header("X-API-KEY", apiKey).build(), HttpResponse.BodyHandlers.ofFile(dir.resolve("patchmon-agent")));
        assertThat(download.statusCode()).isEqualTo(200);
        Path agent = download.body();
        assertThat(agent.toFile().setExecutable(true)).isTrue();
        configDir = dir.resolve("etc");
        run(agent, "config", "set-api", apiId, apiKey, stack.baseUrl().toString().replaceAll("/$", ""));
        // No apt-get update from the test: the simulation runs against the lists the machine already has.
        run(agent, "config", "set", "package_cache_refresh_mode", "never");
        serve = new ProcessBuilder(agent.toString(), "--config-dir", configDir.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.out").toFile()).start();
        Deadline.await(WAIT, "the agent's connection and first report", () -> {
            JsonNode host = quietly("/api/v1/hosts/" + hostId);
            return host.path("connected").asBoolean() && "active".equals(host.path("status").asText());
        });

        JsonNode triggered = call("POST", "/api/v1/patching/trigger", Map.of("host_ids", List.of(hostId), "patch_type", "patch_package",
                "package_names", List.of(pkg), "dry_run", true));
        JsonNode run = triggered.path("runs").get(0);
        String runId = run.path("id").asText();
        assertThat(run.path("status").asText()).isEqualTo("pending_validation");

        Deadline.await(WAIT, "the validation to end", () -> {
            String status = quietly("/api/v1/patching/runs/" + runId).path("status").asText();
            return !"pending_validation".equals(status) && !"running".equals(status);
        });
        JsonNode validated = quietly("/api/v1/patching/runs/" + runId);
        assertThat(validated.path("status").asText()).as(validated.toString()).isEqualTo("validated");
        assertThat(validated.path("started_at").isNull()).as("the agent reported started").isFalse();
        assertThat(validated.path("completed_at").isNull()).isFalse();
        assertThat(validated.path("shell_output").asText()).contains("apt-get -s").contains("Inst " + pkg);
        List<JsonNode> planned = new ArrayList<>();
        validated.path("packages_affected").forEach(planned::add);
        assertThat(planned).anySatisfy(p -> {
            assertThat(p.path("name").asText()).isEqualTo(pkg);
            assertThat(p.path("action").asText()).isEqualTo("upgrade");
            assertThat(p.path("current_version").asText()).isNotBlank();
            assertThat(p.path("new_version").asText()).isNotBlank();
            assertThat(p.path("dependency").asBoolean()).isFalse();
        });
        assertThat(validated.path("extra_deps_count").asInt()).isEqualTo((int) planned.stream().filter(p -> p.path("dependency").asBoolean()).count());
        assertThat(quietly("/api/v1/patching/runs?host_id=" + hostId).path("total").asInt()).isEqualTo(1);

        // Stop the agent before approving, so the real run the approval creates can never reach this machine.
        serve.destroy();
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Deadline.await(WAIT, "the agent's disconnection", () -> !quietly("/api/v1/hosts/" + hostId).path("connected").asBoolean());

        JsonNode approval = call("POST", "/api/v1/patching/runs/" + runId + "/approve", Map.of("schedule_override", "immediate"));
        assertThat(approval.path("validation_run_id").asText()).isEqualTo(runId);
        String realId = approval.path("run").path("id").asText();
        assertThat(approval.path("run").path("dry_run").asBoolean()).isFalse();
        assertThat(approval.path("run").path("validation_run_id").asText()).isEqualTo(runId);
        JsonNode approved = quietly("/api/v1/patching/runs/" + runId);
        assertThat(approved.path("status").asText()).isEqualTo("approved");
        assertThat(approved.path("approved_run_id").asText()).isEqualTo(realId);

        // The workflow handed the run to the Agent Queue, where it waits for the agent's next connection.
        Deadline.await(WAIT, "run_patch queued for the offline agent", () -> {
            for (JsonNode job : quietly("/api/v1/hosts/" + hostId + "/agent-queue").path("job_history")) {
                if ("run_patch".equals(job.path("job_name").asText(job.path("type").asText())) && "delayed".equals(job.path("status").asText())) {
                    return true;
                }
            }
            return false;
        });
        assertThat(quietly("/api/v1/patching/runs/" + realId).path("status").asText()).isEqualTo("queued");
        HttpResponse<String> stop = send("POST", "/api/v1/patching/runs/" + realId + "/stop", null);
        assertThat(stop.statusCode()).isEqualTo(400);
        assertThat(json.readTree(stop.body()).path("error").asText()).isEqualTo("Only running patch runs can be stopped");
        assertThat(call("DELETE", "/api/v1/patching/runs/" + realId, null).path("message").asText()).isEqualTo("Patch run deleted");
        assertThat(send("GET", "/api/v1/patching/runs/" + realId, null).statusCode()).isEqualTo(404);
    }
}
