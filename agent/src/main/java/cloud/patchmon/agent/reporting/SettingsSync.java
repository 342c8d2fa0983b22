package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.server.ServerClient;
import cloud.patchmon.agent.server.ServerException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * Brings config.yml in line with what the server holds for this host: the update interval and auto-update switch
 * ({@code GET /settings/update-interval}) and the Docker and compliance toggles ({@code GET /hosts/integrations}),
 * as spec ch. 3 and 12 describe ("the agent picks them up on its first connection and updates config.yml").
 */
public final class SettingsSync {

    private static final System.Logger LOG = System.getLogger(SettingsSync.class.getName());

    private final ConfigFiles files;

    public SettingsSync(ConfigFiles files) {
        this.files = files;
    }

    /** @return whether config.yml changed */
    public boolean sync(ServerClient server, AgentConfig config) throws ServerException, InterruptedException, IOException {
        boolean changed = false;
        JsonNode agentSettings = server.get("/settings/update-interval");
        JsonNode interval = agentSettings.path("updateInterval");
        if (interval.canConvertToInt() && interval.asInt() > 0 && interval.asInt() != config.updateInterval()) {
            LOG.log(System.Logger.Level.INFO, "update interval changed on the server: {0} -> {1} minutes", config.updateInterval(), interval.asInt());
            files.set("update_interval", Integer.toString(interval.asInt()));
            changed = true;
        }
        // Upstream servers send no autoUpdate: the agent's setting stays as it is.
        JsonNode autoUpdate = agentSettings.path("autoUpdate");
        if (autoUpdate.isBoolean() && autoUpdate.asBoolean() != config.autoUpdate()) {
            LOG.log(System.Logger.Level.INFO, "agent auto-update {0} on the server", autoUpdate.asBoolean() ? "enabled" : "disabled");
            files.set("auto_update", Boolean.toString(autoUpdate.asBoolean()));
            changed = true;
        }
        JsonNode integrations = server.get("/hosts/integrations").path("integrations");
        JsonNode docker = integrations.path("docker");
        if (docker.isBoolean() && docker.asBoolean() != config.integrations().docker()) {
            LOG.log(System.Logger.Level.INFO, "Docker integration {0} on the server", docker.asBoolean() ? "enabled" : "disabled");
            files.set("integrations.docker", Boolean.toString(docker.asBoolean()));
            changed = true;
        }
        JsonNode compliance = integrations.path("compliance");
        Object wanted = compliance.isBoolean() ? (Object) compliance.asBoolean() : compliance.isTextual() ? compliance.asText() : null;
        if (wanted != null && !wanted.equals(config.integrations().compliance())) {
            LOG.log(System.Logger.Level.INFO, "compliance integration set to {0} on the server", wanted);
            files.set("integrations.compliance.enabled", wanted instanceof String s ? '"' + s + '"' : wanted.toString());
            changed = true;
        }
        return changed;
    }
}
