package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.server.ServerException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code apply_config} (the host's Apply button, spec ch. 4 and 12): writes the Docker and compliance toggles
 * into config.yml's integrations block in one atomic write, which re-initialises the integrations (the daemon
 * reloads the changed file), then reports the integrations' status back to the server.
 */
public final class ApplyConfigCommand implements CommandHandler {

    private static final System.Logger LOG = System.getLogger(ApplyConfigCommand.class.getName());

    private final ConfigFiles files;
    private final IntegrationStatus status;

    public ApplyConfigCommand(ConfigFiles files, IntegrationStatus status) {
        this.files = files;
        this.status = status;
    }

    @Override
    public CompletionStage<Done> handle(JsonNode message) throws IOException, InterruptedException {
        JsonNode config = message.path("config");
        if (!config.isObject()) {
            throw new IllegalArgumentException("apply_config carries no config object");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        flag(config.path("docker"), "docker", "integrations.docker", changes);
        JsonNode compliance = config.path("compliance");
        if (compliance.isObject()) {
            Map<String, Object> block = new LinkedHashMap<>();
            JsonNode enabled = compliance.path("enabled");
            if (enabled.isBoolean()) {
                block.put("enabled", enabled.asBoolean());
            } else if (enabled.isTextual() && enabled.asText().equals("on-demand")) {
                block.put("enabled", "on-demand");
            } else if (!enabled.isMissingNode()) {
                throw new IllegalArgumentException("compliance.enabled must be true, false or \"on-demand\", not " + enabled);
            }
            flag(compliance.path("openscap_enabled"), "compliance.openscap_enabled", "openscap_enabled", block);
            flag(compliance.path("docker_bench_enabled"), "compliance.docker_bench_enabled", "docker_bench_enabled", block);
            complianceChanges(block, changes);
        } else if (!compliance.isMissingNode()) {
            throw new IllegalArgumentException("compliance must be a block of settings, not " + compliance);
        }
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("apply_config changes no integration setting");
        }
        files.set(changes);
        LOG.log(System.Logger.Level.INFO, "integration settings applied: {0}", changes);
        try {
            status.report();
        } catch (ServerException e) {
            // The configuration is applied either way; the status is refreshed again on the next Refresh Status.
            LOG.log(System.Logger.Level.WARNING, "cannot report the integration status: {0}", e.getMessage());
        }
        return CommandHandler.done();
    }

    /** Older files hold compliance as one value ({@code compliance: false}); that value becomes the block's {@code enabled}. */
    private void complianceChanges(Map<String, Object> block, Map<String, Object> changes) {
        Object integrations = files.tree().get("integrations");
        Object existing = integrations instanceof Map<?, ?> map ? map.get("compliance") : null;
        if (existing == null || existing instanceof Map) {
            block.forEach((key, value) -> changes.put("integrations.compliance." + key, value));
        } else if (!block.isEmpty()) {
            Map<String, Object> replaced = new LinkedHashMap<>();
            replaced.put("enabled", existing);
            replaced.putAll(block);
            changes.put("integrations.compliance", replaced);
        }
    }

    private static void flag(JsonNode value, String name, String key, Map<String, Object> changes) {
        if (value.isBoolean()) {
            changes.put(key, value.asBoolean());
        } else if (!value.isMissingNode()) {
            throw new IllegalArgumentException(name + " must be true or false, not " + value);
        }
    }
}
