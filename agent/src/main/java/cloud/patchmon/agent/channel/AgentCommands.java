package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.reporting.ReportRequests;

import java.util.Map;

/** The server commands this agent carries out, by their {@code type} (AGENT-PROTOCOL.md "Server → agent"). */
public final class AgentCommands {

    private AgentCommands() {
    }

    public static Map<String, CommandHandler> of(ConfigFiles files, ReportRequests requests, IntegrationStatus status, UpdateAgentCommand update) {
        return Map.of(
                "report_now", new ReportNowCommand(requests),
                "settings_update", new SettingsUpdateCommand(files),
                "apply_config", new ApplyConfigCommand(files, status),
                "refresh_integration_status", status,
                "update_agent", update);
    }
}
