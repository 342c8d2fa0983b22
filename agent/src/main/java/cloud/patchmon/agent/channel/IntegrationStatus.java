package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.server.ServerException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Tells the server how ready each integration is on this host ({@code POST /hosts/integration-status}, one
 * call per integration): whether config.yml enables it and whether what it needs is here — the Docker
 * socket, the {@code oscap} scanner. As a command, {@code refresh_integration_status} (Refresh Status).
 */
public final class IntegrationStatus implements CommandHandler {

    static final String DOCKER_SOCKET = "/var/run/docker.sock";

    /** One integration's status as the server takes it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(String integration, boolean enabled, String status, String message, Map<String, String> components) {
    }

    private final ConfigFiles files;
    private final Servers servers;
    private final HostFiles host;
    private final CommandRunner commands;

    public IntegrationStatus(ConfigFiles files, Servers servers, HostFiles host, CommandRunner commands) {
        this.files = files;
        this.servers = servers;
        this.host = host;
        this.commands = commands;
    }

    @Override
    public CompletionStage<Done> handle(JsonNode message) throws ServerException, InterruptedException {
        report();
        return CommandHandler.done();
    }

    public void report() throws ServerException, InterruptedException {
        AgentConfig.Integrations integrations = files.config().integrations();
        for (Report report : List.of(docker(integrations), compliance(integrations))) {
            servers.current().post("/hosts/integration-status", report);
        }
    }

    Report docker(AgentConfig.Integrations integrations) {
        if (!integrations.docker()) {
            return new Report("docker", false, "ready", "Docker integration is disabled", null);
        }
        return host.exists(DOCKER_SOCKET)
                ? new Report("docker", true, "ready", "Docker socket found at " + DOCKER_SOCKET, null)
                : new Report("docker", true, "error", "Docker socket not found at " + DOCKER_SOCKET, null);
    }

    Report compliance(AgentConfig.Integrations integrations) {
        boolean enabled = !Boolean.FALSE.equals(integrations.compliance());
        if (!enabled) {
            return new Report("compliance", false, "ready", "Compliance scanning is disabled", null);
        }
        Map<String, String> components = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        if (integrations.openscapEnabled()) {
            boolean present = commands.isAvailable("oscap");
            components.put("openscap", present ? "ready" : "unavailable");
            if (!present) {
                missing.add("OpenSCAP (oscap) is not installed");
            }
        }
        if (integrations.dockerBenchEnabled()) {
            boolean present = host.exists(DOCKER_SOCKET);
            components.put("docker-bench", present ? "ready" : "unavailable");
            if (!present) {
                missing.add("Docker Bench needs the Docker socket at " + DOCKER_SOCKET);
            }
        }
        return missing.isEmpty()
                ? new Report("compliance", true, "ready", "Compliance scanning is " + (integrations.compliance() instanceof String mode ? mode : "enabled"), components)
                : new Report("compliance", true, "error", String.join("; ", missing), components);
    }
}
