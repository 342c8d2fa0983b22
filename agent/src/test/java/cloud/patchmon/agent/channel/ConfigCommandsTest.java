package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.agent.server.FakePatchmon;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** settings_update, apply_config and refresh_integration_status: what they do to config.yml and tell the server. */
class ConfigCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @TempDir
    Path root;

    private final FakePatchmon server = new FakePatchmon();
    private final RecordedCommands commands = new RecordedCommands();

    ConfigCommandsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ConfigFiles files() throws Exception {
        server.always("/hosts/integration-status", 200, "{\"success\":true}");
        return AgentFiles.configure(dir, server.serverUrl());
    }

    private IntegrationStatus status(ConfigFiles files) {
        return new IntegrationStatus(files, AgentFiles.servers(files), new HostFiles(root), commands);
    }

    private static JsonNode message(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void settingsUpdateWritesWhatTheMessageCarriesAndKeepsTheRest() throws Exception {
        ConfigFiles files = files();

        new SettingsUpdateCommand(files).handle(message("""
                {"type":"settings_update","update_interval":15,"compliance_scan_interval":720,
                 "package_cache_refresh_mode":"always","package_cache_refresh_max_age":30}""")).toCompletableFuture().join();

        AgentConfig config = files.config();
        assertThat(config.updateInterval()).isEqualTo(15);
        assertThat(config.packageCacheRefreshMode()).isEqualTo("always");
        assertThat(config.packageCacheRefreshMaxAge()).isEqualTo(30);
        assertThat(Files.readString(files.configFile())).contains("scan_interval: 720").contains("patchmon_server:");
        assertThat(config.integrations().compliance()).isEqualTo(false);
    }

    @Test
    void settingsUpdateTurnsTheScheduledUpdateCheckOffAndOnAndKeepsTheInterval() throws Exception {
        ConfigFiles files = files();
        assertThat(files.config().autoUpdate()).as("on until the server says otherwise").isTrue();

        new SettingsUpdateCommand(files).handle(message("{\"type\":\"settings_update\",\"auto_update\":false}")).toCompletableFuture().join();
        assertThat(files.config().autoUpdate()).isFalse();
        assertThat(files.config().updateInterval()).isEqualTo(60);

        new SettingsUpdateCommand(files).handle(message("{\"type\":\"settings_update\",\"auto_update\":true,\"update_interval\":5}")).toCompletableFuture().join();
        assertThat(files.config().autoUpdate()).isTrue();
        assertThat(files.config().updateInterval()).isEqualTo(5);
    }

    @Test
    void settingsUpdateRefusesAnUnusableValueAndWritesNothing() throws Exception {
        ConfigFiles files = files();
        String before = Files.readString(files.configFile());

        assertThatThrownBy(() -> new SettingsUpdateCommand(files).handle(message("{\"update_interval\":\"soon\"}")))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> new SettingsUpdateCommand(files).handle(message("{\"update_interval\":15,\"package_cache_refresh_mode\":\"daily\"}")))
                .hasMessageContaining("package_cache_refresh_mode");
        assertThatThrownBy(() -> new SettingsUpdateCommand(files).handle(message("{\"update_interval\":15,\"auto_update\":\"no\"}")))
                .hasMessageContaining("auto_update");
        assertThat(Files.readString(files.configFile())).isEqualTo(before);
    }

    @Test
    void applyConfigWritesTheIntegrationsBlockAndReportsTheirStatus() throws Exception {
        ConfigFiles files = files();
        Files.createDirectories(root.resolve("var/run"));
        Files.writeString(root.resolve("var/run/docker.sock"), "");

        new ApplyConfigCommand(files, status(files)).handle(message("""
                {"type":"apply_config","config":{"docker":true,
                 "compliance":{"enabled":"on-demand","openscap_enabled":true,"docker_bench_enabled":true}}}""")).toCompletableFuture().join();

        AgentConfig.Integrations integrations = files.config().integrations();
        assertThat(integrations.docker()).isTrue();
        assertThat(integrations.compliance()).isEqualTo("on-demand");
        assertThat(integrations.openscapEnabled()).isTrue();
        assertThat(integrations.dockerBenchEnabled()).isTrue();
        assertThat(files.config().updateInterval()).as("other settings kept").isEqualTo(60);

        var posted = server.requests("/hosts/integration-status");
        assertThat(posted).hasSize(2);
        JsonNode docker = posted.get(0).body();
        assertThat(docker.path("integration").asText()).isEqualTo("docker");
        assertThat(docker.path("enabled").asBoolean()).isTrue();
        assertThat(docker.path("status").asText()).isEqualTo("ready");
        JsonNode compliance = posted.get(1).body();
        assertThat(compliance.path("integration").asText()).isEqualTo("compliance");
        assertThat(compliance.path("status").asText()).as("oscap is not installed here").isEqualTo("error");
        assertThat(compliance.path("message").asText()).contains("OpenSCAP");
        assertThat(compliance.path("components").path("openscap").asText()).isEqualTo("unavailable");
        assertThat(compliance.path("components").path("docker-bench").asText()).isEqualTo("ready");
    }

    @Test
    void applyConfigTurnsAnOlderSingleValueComplianceSettingIntoABlock() throws Exception {
        ConfigFiles files = files();
        Files.writeString(files.configFile(), Files.readString(files.configFile()).replace("  compliance:\n    enabled: false\n", "  compliance: \"on-demand\"\n"));
        assertThat(files.config().integrations().compliance()).isEqualTo("on-demand");

        new ApplyConfigCommand(files, status(files)).handle(message("{\"config\":{\"compliance\":{\"docker_bench_enabled\":true}}}"))
                .toCompletableFuture().join();

        assertThat(files.config().integrations().compliance()).isEqualTo("on-demand");
        assertThat(files.config().integrations().dockerBenchEnabled()).isTrue();
    }

    @Test
    void applyConfigRefusesAWrongValueAndWritesNothing() throws Exception {
        ConfigFiles files = files();
        String before = Files.readString(files.configFile());

        assertThatThrownBy(() -> new ApplyConfigCommand(files, status(files)).handle(message(
                "{\"config\":{\"docker\":true,\"compliance\":{\"enabled\":\"sometimes\"}}}"))).hasMessageContaining("on-demand");
        assertThatThrownBy(() -> new ApplyConfigCommand(files, status(files)).handle(message("{\"type\":\"apply_config\"}")))
                .hasMessageContaining("no config");
        assertThat(Files.readString(files.configFile())).isEqualTo(before);
        assertThat(server.requests("/hosts/integration-status")).isEmpty();
    }

    @Test
    void integrationStatusSaysWhatIsMissing() throws Exception {
        ConfigFiles files = files();
        files.set("integrations.docker", "true");
        files.set("integrations.compliance.enabled", "true");
        commands.program("oscap");

        status(files).report();

        var posted = server.requests("/hosts/integration-status");
        assertThat(posted.get(0).body().path("status").asText()).isEqualTo("error");
        assertThat(posted.get(0).body().path("message").asText()).contains("/var/run/docker.sock");
        assertThat(posted.get(1).body().path("status").asText()).isEqualTo("ready");
        assertThat(posted.get(1).body().path("enabled").asBoolean()).isTrue();
        assertThat(posted).allSatisfy(r -> assertThat(r.headers()).containsEntry("x-api-id", "patchmon_abc"));

        files.set("integrations.docker", "false");
        files.set("integrations.compliance.enabled", "false");
        status(files).report();
        assertThat(server.requests("/hosts/integration-status").subList(2, 4))
                .allSatisfy(r -> assertThat(r.body().path("enabled").asBoolean()).isFalse());
    }
}
