package cloud.patchmon.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFilesTest {

    @TempDir
    Path dir;

    /** The file the installer writes (functions/api/src/main/resources/agent/install.sh). */
    private static final String INSTALLED = """
            patchmon_server: "https://patchmon.example.com"
            api_version: "v1"
            credentials_file: "%s/credentials.yml"
            log_file: "%s/logs/patchmon-agent.log"
            log_level: "info"
            skip_ssl_verify: false
            update_interval: 60
            integrations:
              docker: false
              compliance:
                enabled: false
            """;

    private ConfigFiles installed() throws IOException {
        Files.writeString(dir.resolve("config.yml"), INSTALLED.formatted(dir, dir));
        return new ConfigFiles(dir);
    }

    @Test
    void readsTheInstallersFileWithUpstreamDefaultsForWhatItLeavesOut() throws IOException {
        AgentConfig config = installed().config();

        assertThat(config.apiBase()).hasToString("https://patchmon.example.com/api/v1");
        assertThat(config.updateInterval()).isEqualTo(60);
        assertThat(config.credentialsFile()).isEqualTo(dir.resolve("credentials.yml"));
        assertThat(config.logFile()).isEqualTo(dir.resolve("logs/patchmon-agent.log"));
        assertThat(config.reportOffset()).isNull();
        assertThat(config.packageCacheRefreshMode()).isEqualTo("if_stale");
        assertThat(config.integrations().docker()).isFalse();
        assertThat(config.integrations().compliance()).isEqualTo(false);
        assertThat(config.integrations().openscapEnabled()).isTrue();
    }

    @Test
    void setChangesOneKeyKeepsTheRestAndKeepsTypes() throws IOException {
        ConfigFiles files = installed();

        files.set("update_interval", "15");
        files.set("integrations.docker", "true");
        files.set("integrations.compliance.enabled", "\"on-demand\"");

        AgentConfig config = files.config();
        assertThat(config.updateInterval()).isEqualTo(15);
        assertThat(config.integrations().docker()).isTrue();
        assertThat(config.integrations().compliance()).isEqualTo("on-demand");
        assertThat(config.patchmonServer()).isEqualTo("https://patchmon.example.com");
        assertThat(Files.readString(files.configFile())).contains("update_interval: 15").doesNotContain("'15'");
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void anUnusableValueIsRefusedAndTheFileStaysAsItWas() throws IOException {
        ConfigFiles files = installed();
        String before = Files.readString(files.configFile());

        assertThatThrownBy(() -> files.set("update_interval", "often")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("update_interval");
        assertThatThrownBy(() -> files.set("update_interval", "0")).hasMessageContaining("between 1 and 10080");
        assertThatThrownBy(() -> files.set("patchmon_server", "ftp://x")).hasMessageContaining("http");
        assertThatThrownBy(() -> files.set("log_level.deep", "1")).hasMessageContaining("log_level is a value");

        assertThat(Files.readString(files.configFile())).isEqualTo(before);
    }

    @Test
    void severalKeysAreSetInOneWriteOrNotAtAll() throws IOException {
        ConfigFiles files = installed();
        String before = Files.readString(files.configFile());
        java.util.Map<String, Object> bad = new java.util.LinkedHashMap<>();
        bad.put("integrations.docker", true);
        bad.put("update_interval", 0);

        assertThatThrownBy(() -> files.set(bad)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("update_interval");
        assertThat(Files.readString(files.configFile())).as("the valid half was not written either").isEqualTo(before);

        java.util.Map<String, Object> good = new java.util.LinkedHashMap<>();
        good.put("integrations.docker", true);
        good.put("integrations.compliance.enabled", "on-demand");
        good.put("integrations.compliance.docker_bench_enabled", true);
        files.set(good);

        AgentConfig config = files.config();
        assertThat(config.integrations().docker()).isTrue();
        assertThat(config.integrations().compliance()).isEqualTo("on-demand");
        assertThat(config.integrations().dockerBenchEnabled()).isTrue();
        assertThat(config.updateInterval()).isEqualTo(60);
    }

    @Test
    void theChannelAddressIsTheApiBaseOverWebSocket() throws IOException {
        assertThat(installed().config().channelUri()).hasToString("wss://patchmon.example.com/api/v1/agents/ws");
        Files.writeString(dir.resolve("config.yml"), "patchmon_server: \"http://10.0.0.2:8080/\"\n");
        assertThat(new ConfigFiles(dir).config().channelUri()).hasToString("ws://10.0.0.2:8080/api/v1/agents/ws");
    }

    @Test
    void missingOrBrokenFilesSayWhatIsWrong() throws IOException {
        ConfigFiles files = new ConfigFiles(dir);
        assertThatThrownBy(files::config).hasMessageContaining("does not exist");

        Files.writeString(dir.resolve("config.yml"), "patchmon_server: [unclosed\n");
        assertThatThrownBy(files::config).hasMessageContaining("not valid YAML");

        Files.writeString(dir.resolve("config.yml"), "- just\n- a list\n");
        assertThatThrownBy(files::config).hasMessageContaining("mapping");
    }

    @Test
    void credentialsAreWrittenOwnerOnlyAndReadBack() throws IOException {
        ConfigFiles files = installed();
        AgentConfig config = files.config();
        assertThatThrownBy(() -> files.credentials(config)).hasMessageContaining("does not exist");

        files.writeCredentials(config.credentialsFile(), new Credentials("patchmon_0123456789abcdef", "k".repeat(64)));

        assertThat(files.credentials(config)).isEqualTo(new Credentials("patchmon_0123456789abcdef", "k".repeat(64)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.credentialsFile()))).isEqualTo("rw-------");
        assertThat(new Credentials("a", "secret").toString()).doesNotContain("secret");

        Files.writeString(config.credentialsFile(), "api_id: only-the-id\n");
        assertThatThrownBy(() -> files.credentials(config)).hasMessageContaining("api_id and api_key");
    }
}
