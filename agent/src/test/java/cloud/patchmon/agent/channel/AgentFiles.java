package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.server.ServerClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An agent configuration directory pointing at a test server, and the REST client the commands would build from it. */
final class AgentFiles {

    static final Credentials CREDENTIALS = new Credentials("patchmon_abc", "secret-key");

    private AgentFiles() {
    }

    static ConfigFiles configure(Path dir, String serverUrl) throws IOException {
        Files.writeString(dir.resolve("config.yml"), """
                patchmon_server: "%s"
                credentials_file: "%s"
                update_interval: 60
                integrations:
                  docker: false
                  compliance:
                    enabled: false
                """.formatted(serverUrl, dir.resolve("credentials.yml")));
        ConfigFiles files = new ConfigFiles(dir);
        files.writeCredentials(dir.resolve("credentials.yml"), CREDENTIALS);
        return files;
    }

    /** Without retries' waits: a test's server answers at once or not at all. */
    static Servers servers(ConfigFiles files) {
        return () -> {
            AgentConfig config = files.config();
            return new ServerClient(config.apiBase(), files.credentials(config), ServerClient.httpClient(false), (attempt, retryAfter) -> { }, "1.2.3");
        };
    }
}
