package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.agent.patching.ScriptedLauncher.Script;
import cloud.patchmon.agent.server.FakePatchmon;
import cloud.patchmon.agent.server.ServerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a run puts on the wire: the REST bodies of POST /patching/runs/{id}/output, against a PatchMon stand-in over HTTP. */
class PatchOutputWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIMULATE = "apt-get -s -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "
            + "--only-upgrade install curl";

    @TempDir
    Path dir;

    private final FakePatchmon server = new FakePatchmon();
    private final List<Integer> retries = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ScriptedLauncher launcher = new ScriptedLauncher();

    PatchOutputWireTest() throws Exception {
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        server.close();
    }

    private PatchRuns runs() {
        ServerClient client = new ServerClient(server.apiBase(), new Credentials("patchmon_host1", "secret"), ServerClient.httpClient(false),
                (attempt, retryAfter) -> retries.add(attempt), "1.2.3");
        return new PatchRuns(() -> Optional.of("apt"), new PatchBackends(new RecordedCommands(), () -> false), launcher,
                new ServerPatchReports(() -> client), new PendingResults(dir), () -> { },
                new PatchTimings(Duration.ofMillis(20), 16 * 1024, 1024 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofHours(1), Duration.ofSeconds(10)), timer);
    }

    private List<JsonNode> bodies(String runId) {
        return server.requests("/patching/runs/" + runId + "/output").stream().map(FakePatchmon.Request::body).toList();
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void aDryRunPostsStartedProgressAndTheAffectedPackagesInSnakeCaseRetryingAServerError() throws Exception {
        server.always("/patching/runs/3f2c9a1e-0b7d/output", 200, "{\"message\":\"Output recorded\"}")
                .once("/patching/runs/3f2c9a1e-0b7d/output", 503, "{\"error\":\"Service unavailable\"}");
        launcher.script(SIMULATE, Script.prints(RecordedCommands.resource("/fixtures/patching/apt/only-upgrade-curl.txt"), 0));

        runs().runCommand().handle(JSON.readTree("{\"type\":\"run_patch\",\"patch_run_id\":\"3f2c9a1e-0b7d\",\"patch_type\":\"patch_package\","
                + "\"dry_run\":true,\"package_names\":[\"curl\"]}")).toCompletableFuture().get(45, TimeUnit.SECONDS);

        List<FakePatchmon.Request> requests = server.requests("/patching/runs/3f2c9a1e-0b7d/output");
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.headers()).containsEntry("x-api-id", "patchmon_host1").containsEntry("x-api-key", "secret")
                    .containsEntry("content-type", "application/json");
        });
        assertThat(retries).as("the 503 on started was retried").containsExactly(1);
        List<JsonNode> bodies = bodies("3f2c9a1e-0b7d");
        assertThat(bodies.get(0)).isEqualTo(JSON.readTree("{\"stage\":\"started\"}"));
        assertThat(bodies.get(1)).as("the retried started").isEqualTo(bodies.get(0));
        JsonNode progress = bodies.get(2);
        assertThat(keys(progress)).containsExactly("stage", "output");
        assertThat(progress.path("stage").asText()).isEqualTo("progress");
        assertThat(progress.path("output").asText()).startsWith("$ " + SIMULATE + "\n");
        JsonNode done = bodies.get(bodies.size() - 1);
        assertThat(keys(done)).containsExactly("stage", "output", "packages_affected");
        assertThat(done.path("stage").asText()).isEqualTo("dry_run_completed");
        assertThat(done.path("packages_affected").get(0)).isEqualTo(JSON.readTree("{\"name\":\"curl\",\"arch\":\"amd64\","
                + "\"current_version\":\"7.88.1-10+deb12u14\",\"new_version\":\"7.88.1-10+deb12u15\",\"action\":\"upgrade\",\"dependency\":false}"));
        assertThat(done.path("packages_affected").get(1).path("dependency").asBoolean()).isTrue();
    }

    @Test
    void aFailedRunCarriesItsErrorMessageAndAStageTheServerRefusesIsNotKept() throws Exception {
        server.always("/patching/runs/run-f/output", 200, "{\"message\":\"Output recorded\"}");
        PatchRuns runs = runs();

        assertThatThrownBy(() -> runs.runCommand().handle(JSON.readTree("{\"type\":\"run_patch\",\"patch_run_id\":\"run-f\","
                + "\"patch_type\":\"patch_package\",\"package_names\":[\"bad name\"]}")).toCompletableFuture().get(45, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        Eventually.until("the refusal was posted", () -> !server.requests("/patching/runs/run-f/output").isEmpty());

        JsonNode failed = bodies("run-f").get(0);
        assertThat(keys(failed)).containsExactly("stage", "output", "error_message");
        assertThat(failed.path("stage").asText()).isEqualTo("failed");
        assertThat(failed.path("error_message").asText()).startsWith("invalid package name \"bad name\"");

        server.always("/patching/runs/run-g/output", 403, "{\"error\":\"Patch run belongs to another host\"}");
        launcher.script(SIMULATE, Script.prints("", 0));
        assertThatThrownBy(() -> runs.runCommand().handle(JSON.readTree("{\"type\":\"run_patch\",\"patch_run_id\":\"run-g\","
                + "\"patch_type\":\"patch_package\",\"dry_run\":true,\"package_names\":[\"curl\"]}")).toCompletableFuture().get(45, TimeUnit.SECONDS))
                .hasMessageContaining("Patch run belongs to another host");
        assertThat(server.requests("/patching/runs/run-g/output")).as("a 4xx is not retried").hasSize(1);
        assertThat(launcher.started()).isEmpty();
        assertThat(new PendingResults(dir).all()).isEmpty();
    }
}
