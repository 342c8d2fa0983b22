package cloud.patchmon.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * How {@code ./patchmon up} runs.
 *
 * @param port    HTTP port of the API, the web app and (later) the WebSocket endpoints
 * @param dataDir where tables, blobs and workflow state live, so a restart keeps them
 */
public record LocalSettings(int port, Path dataDir) {

    public LocalSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
    }

    public static LocalSettings fromEnvironment(Map<String, String> env) {
        String port = env.getOrDefault("PATCHMON_PORT", "8080");
        String dataDir = env.getOrDefault("PATCHMON_DATA_DIR", ".patchmon-data");
        try {
            return new LocalSettings(Integer.parseInt(port.trim()), Path.of(dataDir).toAbsolutePath().normalize());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PATCHMON_PORT must be a number, got '" + port + "'");
        }
    }
}
