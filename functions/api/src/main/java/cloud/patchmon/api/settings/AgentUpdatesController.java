package cloud.patchmon.api.settings;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.realtime.AgentSettings;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Settings → Agent Updates (chapter 2, page {@code /settings/agent-config}): the agents' update interval and the
 * global auto-update switch, pushed live.
 */
@RestController
public class AgentUpdatesController {

    private final AgentSettings settings;

    public AgentUpdatesController(AgentSettings settings) {
        this.settings = settings;
    }

    /** @param agentsNotified connected agents the change was pushed to ({@code settings_update}) */
    public record AgentUpdatesView(int updateInterval, boolean autoUpdate, Integer agentsNotified) {
    }

    @GetMapping("/api/v1/settings/agent-updates")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public AgentUpdatesView get(AuthenticatedUser actor) {
        AgentSettings.Updates current = settings.get(actor.context());
        return new AgentUpdatesView(current.updateInterval(), current.autoUpdate(), null);
    }

    /** Either field may be left out; at least one is required. */
    @PutMapping("/api/v1/settings/agent-updates")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public AgentUpdatesView update(AuthenticatedUser actor, @RequestBody JsonNode body) {
        JsonNode interval = body == null ? null : body.get("update_interval");
        JsonNode autoUpdate = body == null ? null : body.get("auto_update");
        if (interval == null && autoUpdate == null) {
            throw DomainException.invalid("update_interval", "update_interval or auto_update is required");
        }
        if (interval != null && (!interval.isIntegralNumber() || !interval.canConvertToInt())) {
            throw DomainException.invalid("update_interval", "update_interval must be a whole number of minutes");
        }
        if (autoUpdate != null && !autoUpdate.isBoolean()) {
            throw DomainException.invalid("auto_update", "auto_update must be true or false");
        }
        AgentSettings.Outcome outcome = settings.change(actor.context(), interval == null ? null : interval.intValue(),
                autoUpdate == null ? null : autoUpdate.booleanValue());
        return new AgentUpdatesView(outcome.updateInterval(), outcome.autoUpdate(), outcome.pushedTo());
    }
}
