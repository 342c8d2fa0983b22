package cloud.patchmon.e2e.agents;

import cloud.patchmon.e2e.harness.LocalStackProcess;
import cloud.patchmon.e2e.harness.StackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Add Host wizard's one-liner, run as a sysadmin would (curl … | sh) against the real local
 * stack: Java runtime check, bootstrap exchange, agent download from the blob store, config and credentials
 * files, and the installed agent's own credential check.
 * Runs as root in CI; the binary and config directories are redirected to a temp dir.
 */
@ExtendWith(StackExtension.class)
class InstallScriptEndToEndTest {

    private final LocalStackProcess stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    InstallScriptEndToEndTest(LocalStackProcess stack) {
        this.stack = stack;
    }

    private JsonNode post(String path, String bearer, Map<String, Object> body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.baseUrl().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return json.readTree(response.body());
    }

    private record Run(int exitCode, String output) {
    }

    private Run sh(String command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void theWizardsOneLinerInstallsTheAgentWithItsOwnCredentials(@TempDir Path host) throws Exception {
        String name = "installer" + UUID.randomUUID().toString().substring(0, 8);
        String token = post("/api/v1/auth/signup", null, Map.of("tenant_name", "Install " + name, "username", name,
                "email", name + "@example.test", "password", "Sup3r-Secret!")).path("token").asText();
        JsonNode created = post("/api/v1/hosts", token, Map.of("friendly_name", "web-01", "os_family", "linux"));
        String apiId = created.path("api_id").asText();
        String apiKey = created.path("api_key").asText();

        // The stack published the agent it was built with, as the release process publishes it on AWS.
        Path binary = stack.dataDir().resolve("blobs/agent/patchmon-agent-linux-" + arch());
        assertThat(binary).isRegularFile();

        String oneLiner = "curl -s \"" + stack.baseUrl().resolve("/api/v1/hosts/install") + "\" -H \"X-API-ID: " + apiId
                + "\" -H \"X-API-KEY: " + apiKey + "\" | sh";
        Map<String, String> dirs = Map.of("PATCHMON_CONFIG_DIR", host.resolve("etc").toString(), "PATCHMON_BIN_DIR", host.resolve("bin").toString());
        Files.createDirectories(host.resolve("bin"));

        Run install = sh(oneLiner, dirs);

        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(install.output()).contains("Downloading patchmon-agent-linux-" + arch()).contains("Writing " + host.resolve("etc/credentials.yml"))
                .contains("PatchMon agent installed.").doesNotContain(apiKey);
        assertThat(host.resolve("bin/patchmon-agent")).hasSameBinaryContentAs(binary);
        assertThat(Files.getPosixFilePermissions(host.resolve("bin/patchmon-agent"))).contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(host.resolve("etc/credentials.yml")).hasContent("api_id: \"" + apiId + "\"\napi_key: \"" + apiKey + "\"");
        assertThat(Files.getPosixFilePermissions(host.resolve("etc/credentials.yml")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(host.resolve("etc/config.yml"))).contains("patchmon_server: \"" + stack.baseUrl().toString().replaceAll("/$", "") + "\"");
        assertThat(install.output()).as("the installed agent checks its credentials")
                .contains("API credentials are valid").contains("Connectivity test successful");

        // The script's bootstrap token was single-use: replaying the downloaded script fails cleanly.
        String script = sh("curl -s \"" + stack.baseUrl().resolve("/api/v1/hosts/install") + "\" -H \"X-API-ID: " + apiId
                + "\" -H \"X-API-KEY: " + apiKey + "\"", Map.of()).output();
        Files.writeString(host.resolve("install.sh"), script);
        assertThat(sh("sh '" + host.resolve("install.sh") + "'", dirs).exitCode()).isZero();
        Run replay = sh("sh '" + host.resolve("install.sh") + "'", dirs);
        assertThat(replay.exitCode()).isNotZero();
        assertThat(replay.output()).contains("the bootstrap token was refused");
    }

    private static String arch() {
        String machine = System.getProperty("os.arch");
        return machine.equals("aarch64") ? "arm64" : "amd64";
    }
}
