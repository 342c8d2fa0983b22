package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.reporting.ReportRequests;

import java.util.Map;

/** The server commands this agent carries out, by their {@code type} (AGENT-PROTOCOL.md "Server → agent"). */
public final class AgentCommands {

    private AgentCommands() {
    }

    /**
     * @param runPatch  {@code run_patch} (the patching package's)
     * @param stopPatch {@code patch_run_stop}
     */
    public static Map<String, CommandHandler> of(ConfigFiles files, ReportRequests requests, IntegrationStatus status, UpdateAgentCommand update,
                                                 CommandHandler runPatch, CommandHandler stopPatch) {
        return Map.of(
                "run_patch", runPatch,
                "patch_run_stop", stopPatch,
                "report_now", new ReportNowCommand(requests),
                "settings_update", new SettingsUpdateCommand(files),
                "apply_config", new ApplyConfigCommand(files, status),
                "refresh_integration_status", status,
                "update_agent", update);
    }
}
