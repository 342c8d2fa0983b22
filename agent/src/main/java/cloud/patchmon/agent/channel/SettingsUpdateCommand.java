package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.ConfigFiles;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code settings_update}: writes the settings the message carries into config.yml in one write; the daemon
 * notices the change and reloads. Settings the message leaves out are kept. {@code auto_update} (this server's
 * extension) turns the daemon's scheduled update check on or off.
 */
public final class SettingsUpdateCommand implements CommandHandler {

    private static final Map<String, String> WHOLE_NUMBERS = Map.of(
            "update_interval", "update_interval",
            "compliance_scan_interval", "integrations.compliance.scan_interval",
            "package_cache_refresh_max_age", "package_cache_refresh_max_age");

    private final ConfigFiles files;

    public SettingsUpdateCommand(ConfigFiles files) {
        this.files = files;
    }

    @Override
    public CompletionStage<Done> handle(JsonNode message) throws IOException {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (Map.Entry<String, String> setting : WHOLE_NUMBERS.entrySet()) {
            JsonNode value = message.path(setting.getKey());
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new IllegalArgumentException(setting.getKey() + " must be a whole number, not " + value);
            }
            changes.put(setting.getValue(), value.asInt());
        }
        JsonNode mode = message.path("package_cache_refresh_mode");
        if (mode.isTextual()) {
            changes.put("package_cache_refresh_mode", mode.asText());
        } else if (!mode.isMissingNode() && !mode.isNull()) {
            throw new IllegalArgumentException("package_cache_refresh_mode must be text, not " + mode);
        }
        JsonNode autoUpdate = message.path("auto_update");
        if (autoUpdate.isBoolean()) {
            changes.put("auto_update", autoUpdate.asBoolean());
        } else if (!autoUpdate.isMissingNode() && !autoUpdate.isNull()) {
            throw new IllegalArgumentException("auto_update must be true or false, not " + autoUpdate);
        }
        if (!changes.isEmpty()) {
            files.set(changes);
        }
        return CommandHandler.done();
    }
}
