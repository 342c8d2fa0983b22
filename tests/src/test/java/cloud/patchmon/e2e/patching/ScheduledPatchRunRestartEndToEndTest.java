package cloud.patchmon.e2e.patching;

import cloud.patchmon.e2e.harness.ApiClient;
import cloud.patchmon.e2e.harness.Deadline;
import cloud.patchmon.e2e.harness.LocalStackProcess;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A policy's delayed run outlives a restart of the local stack (spec ch. 10, issue 8): the real agent on this machine
 * validates a {@code patch_package} dry run with {@code apt-get -s}, the approval under a one-minute delayed policy
 * makes a {@code scheduled} execution run, the stack is stopped and started again on the same data, the run is still
 * scheduled, and at its time the resumed workflow hands {@code run_patch} to the reconnected agent, which really
 * upgrades the package. The package is one the test built, in an {@link AptSandbox} of its own, so this machine's
 * packages are never touched. The test has its own stack: restarting the shared one would cut the other tests off.
 */
class ScheduledPatchRunRestartEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String PACKAGE = AptSandbox.PACKAGE;

    @TempDir
    Path dir;

    private Process serve;

    @AfterEach
    void stopTheAgent() throws InterruptedException {
        if (serve != null && serve.isAlive()) {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aDelayedRunApprovedBeforeARestartIsStillScheduledAfterItAndFiresAtItsTime() throws Exception {
        assumeTrue(AptSandbox.available(), "needs apt-get, dpkg and dpkg-deb");
        AptSandbox apt = AptSandbox.create(dir.resolve("apt"));
        try (LocalStackProcess stack = LocalStackProcess.start()) {
            String name = "restart" + UUID.randomUUID().toString().substring(0, 8);
            JsonNode signup = ok(new ApiClient(stack.baseUrl()).send("POST", "/api/v1/auth/signup", Map.of("tenant_name", "Restart " + name,
                    "username", name, "email", name + "@example.test", "password", "Sup3r-Secret!")));
            ApiClient api = new ApiClient(stack.baseUrl()).withBearer(signup.path("token").asText());
            JsonNode created = ok(api.send("POST", "/api/v1/hosts", Map.of("friendly_name", "this-machine", "os_family", "linux")));
            String hostId = created.path("host").path("id").asText();
            startAgent(stack, created.path("api_id").asText(), created.path("api_key").asText(), apt);
            Deadline.await(WAIT, "the agent's connection and first report", () -> {
                JsonNode host = get(api, "/api/v1/hosts/" + hostId);
                return host.path("connected").asBoolean() && "active".equals(host.path("status").asText());
            });
            String policyId = ok(api.send("POST", "/api/v1/patching/policies",
                    Map.of("name", "Hold 1", "patch_delay_type", "delayed", "delay_minutes", 1))).path("id").asText();
            ok(api.send("POST", "/api/v1/patching/policies/" + policyId + "/assignments", Map.of("target_type", "host", "target_id", hostId)));

            String validationId = ok(api.send("POST", "/api/v1/patching/trigger", Map.of("host_ids", List.of(hostId),
                    "patch_type", "patch_package", "package_names", List.of(PACKAGE), "dry_run", true))).path("runs").get(0).path("id").asText();
            Deadline.await(WAIT, "the validation to end", () -> !List.of("pending_validation", "running")
                    .contains(get(api, "/api/v1/patching/runs/" + validationId).path("status").asText()));
            JsonNode validated = get(api, "/api/v1/patching/runs/" + validationId);
            assertThat(validated.path("status").asText()).as(validated.toString()).isEqualTo("validated");
            assertThat(validated.path("shell_output").asText()).contains("apt-get -s").contains("Inst " + PACKAGE + " [1.0] (" + AptSandbox.CANDIDATE);
            assertThat(validated.path("packages_affected")).singleElement().satisfies(p -> {
                assertThat(p.path("name").asText()).isEqualTo(PACKAGE);
                assertThat(p.path("current_version").asText()).isEqualTo("1.0");
                assertThat(p.path("new_version").asText()).isEqualTo(AptSandbox.CANDIDATE);
                assertThat(p.path("action").asText()).isEqualTo("upgrade");
            });
            assertThat(apt.installedVersion()).as("a dry run installs nothing").isEqualTo("1.0");

            // No schedule_override: the host's delayed policy decides when the execution runs.
            JsonNode approval = ok(api.send("POST", "/api/v1/patching/runs/" + validationId + "/approve", Map.of()));
            JsonNode execution = approval.path("run");
            String runId = execution.path("id").asText();
            assertThat(execution.path("status").asText()).as(execution.toString()).isEqualTo("scheduled");
            assertThat(execution.path("policy_id").asText()).isEqualTo(policyId);
            assertThat(execution.path("policy_snapshot").path("patch_delay_type").asText()).isEqualTo("delayed");
            Instant scheduledAt = Instant.parse(execution.path("scheduled_at").asText());
            assertThat(scheduledAt).isAfter(Instant.parse(execution.path("created_at").asText()));

            Instant stopping = Instant.now();
            stack.restart();

            assertThat(stack.lastExitCode()).as("a clean stop on SIGTERM").isEqualTo(143);
            JsonNode hostAfterRestart = get(api, "/api/v1/hosts/" + hostId);
            assertThat(!hostAfterRestart.path("connected").asBoolean() || connectedSince(hostAfterRestart, stopping))
                    .as("the stop ran the agent's $disconnect, so the old connection is not shown: " + hostAfterRestart).isTrue();
            JsonNode afterRestart = get(api, "/api/v1/patching/runs/" + runId);
            Instant answeredAt = Instant.now();
            assertThat(Instant.parse(afterRestart.path("scheduled_at").asText())).isEqualTo(scheduledAt);
            // Only a restart that ended before the run's time can still see it waiting (it fires at once otherwise).
            if (answeredAt.isBefore(scheduledAt)) {
                assertThat(afterRestart.path("status").asText()).as(afterRestart.toString()).isEqualTo("scheduled");
            }
            Deadline.await(WAIT, "the agent's reconnection to the restarted stack", () -> {
                JsonNode host = get(api, "/api/v1/hosts/" + hostId);
                return host.path("connected").asBoolean() && connectedSince(host, stopping);
            });

            Deadline.await(WAIT, "the scheduled run to fire and end", () -> List.of("completed", "failed", "cancelled")
                    .contains(get(api, "/api/v1/patching/runs/" + runId).path("status").asText()));
            JsonNode done = get(api, "/api/v1/patching/runs/" + runId);
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
            assertThat(Instant.parse(done.path("started_at").asText())).as("not before its time").isAfterOrEqualTo(scheduledAt);
            assertThat(done.path("shell_output").asText()).contains("Setting up " + PACKAGE + " (" + AptSandbox.CANDIDATE + ")");
            assertThat(apt.installedVersion()).isEqualTo(AptSandbox.CANDIDATE);
            assertThat(get(api, "/api/v1/patching/runs/" + validationId).path("approved_run_id").asText()).isEqualTo(runId);
        }
    }

    private void startAgent(LocalStackProcess stack, String apiId, String apiKey, AptSandbox apt) throws Exception {
        HttpResponse<Path> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(stack.baseUrl().resolve("/api/v1/hosts/agent/download?os=linux&arch=amd64"))
                        .header("X-API-ID", apiId).header("X-API-KEY", apiKey).build(),
                HttpResponse.BodyHandlers.ofFile(dir.resolve("patchmon-agent")));
        assertThat(download.statusCode()).isEqualTo(200);
        Path agent = download.body();
        assertThat(agent.toFile().setExecutable(true)).isTrue();
        Path configDir = dir.resolve("etc");
        cli(agent, configDir, "config", "set-api", apiId, apiKey, stack.baseUrl().toString().replaceAll("/$", ""));
        // The sandbox's lists are already read; a run needs no apt-get update.
        cli(agent, configDir, "config", "set", "package_cache_refresh_mode", "never");
        ProcessBuilder builder = new ProcessBuilder(agent.toString(), "--config-dir", configDir.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.out").toFile());
        builder.environment().putAll(apt.environment());
        serve = builder.start();
    }

    private void cli(Path agent, Path configDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(agent.toString(), "--config-dir", configDir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("cli.out").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("cli.out"))).isZero();
    }

    private static boolean connectedSince(JsonNode host, Instant instant) {
        return host.hasNonNull("connected_at") && Instant.parse(host.path("connected_at").asText()).isAfter(instant);
    }

    private static JsonNode ok(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 202);
        return response.json();
    }

    private static JsonNode get(ApiClient api, String path) {
        return ok(api.get(path));
    }
}
