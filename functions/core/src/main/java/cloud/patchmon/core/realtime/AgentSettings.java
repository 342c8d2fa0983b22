package cloud.patchmon.core.realtime;

import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.TenantSettings;
import cloud.patchmon.core.tenants.TenantSettingsService;

import java.util.Map;

/**
 * Settings → Agent Updates (chapter 2): a new update interval is saved and pushed live to every connected agent as
 * {@code settings_update}; agents that are offline read it at their next start ({@code GET /settings/update-interval}).
 */
public final class AgentSettings {

    /** @param pushedTo how many connected agents the change was sent to */
    public record Outcome(int updateInterval, int pushedTo) {
    }

    private final TenantSettingsService settings;
    private final AgentCommands commands;

    public AgentSettings(TenantSettingsService settings, AgentCommands commands) {
        this.settings = settings;
        this.commands = commands;
    }

    public int updateInterval(TenantContext ctx) {
        return settings.get(ctx).agentUpdateIntervalMinutes();
    }

    public Outcome changeInterval(TenantContext ctx, int minutes) {
        int before = settings.get(ctx).agentUpdateIntervalMinutes();
        TenantSettings updated = settings.updateAgentInterval(ctx, minutes);
        int pushed = before == minutes ? 0 : commands.pushSettings(ctx, Map.of("update_interval", updated.agentUpdateIntervalMinutes()));
        return new Outcome(updated.agentUpdateIntervalMinutes(), pushed);
    }
}
