package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.TenantSettings;
import cloud.patchmon.core.tenants.TenantSettingsService;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings → Agent Updates (chapter 2) and Host Detail's "Agent Auto-update" switch (chapter 4). A new update interval
 * or auto-update state is saved and pushed live to the connected agents it concerns as {@code settings_update}
 * ({@code update_interval}, {@code auto_update}: whether that host's agent may update itself on its schedule, the
 * global switch and the host's own both on); agents that are offline read both at their next start
 * ({@code GET /settings/update-interval}). {@code GET /hosts/agent/version} answers {@code autoUpdateDisabled} from
 * the same two switches.
 */
public final class AgentSettings {

    /** The {@code settings_update} field carrying a host's effective auto-update state (our extension of the protocol). */
    public static final String AUTO_UPDATE = "auto_update";
    public static final String UPDATE_INTERVAL = "update_interval";
    public static final String DISABLED_GLOBALLY = "Auto-update is disabled in Settings → Agent Updates";
    public static final String DISABLED_FOR_HOST = "Auto-update is disabled for this host";

    /** The tenant's Agent Updates settings. */
    public record Updates(int updateInterval, boolean autoUpdate) {
    }

    /** @param pushedTo how many connected agents the change was sent to */
    public record Outcome(int updateInterval, boolean autoUpdate, int pushedTo) {
    }

    /**
     * One host's switch and the global one it depends on.
     *
     * @param autoUpdate       the host's own switch
     * @param globalAutoUpdate Settings → Agent Updates' switch: while it is off no agent updates itself on its schedule
     */
    public record HostAutoUpdate(String hostId, boolean autoUpdate, boolean globalAutoUpdate) {
        public boolean effective() {
            return autoUpdate && globalAutoUpdate;
        }
    }

    /** @param pushed whether the change went to the host's connected agent */
    public record HostOutcome(HostAutoUpdate state, boolean pushed) {
    }

    private final TenantSettingsService settings;
    private final AgentCommands commands;
    private final HostService hosts;
    private final AutoUpdateOverrides overrides;
    private final Clock clock;

    public AgentSettings(TenantSettingsService settings, AgentCommands commands, HostService hosts, ItemStore store, Clock clock) {
        this.settings = settings;
        this.commands = commands;
        this.hosts = hosts;
        this.overrides = new AutoUpdateOverrides(store);
        this.clock = clock;
    }

    public Updates get(TenantContext ctx) {
        TenantSettings current = settings.get(ctx);
        return new Updates(current.agentUpdateIntervalMinutes(), current.agentAutoUpdateEnabled());
    }

    /**
     * Saves what changed ({@code null} leaves a field as it is) and pushes it: the interval to every connected agent,
     * a flipped global switch as each agent's own effective {@code auto_update}.
     *
     * @throws DomainException 400 for an interval outside 1..1440 minutes (nothing is saved)
     */
    public Outcome change(TenantContext ctx, Integer minutes, Boolean autoUpdate) {
        TenantSettings before = settings.get(ctx);
        TenantSettings after = settings.updateAgentUpdates(ctx, minutes, autoUpdate);
        boolean intervalChanged = before.agentUpdateIntervalMinutes() != after.agentUpdateIntervalMinutes();
        boolean switchChanged = before.agentAutoUpdateEnabled() != after.agentAutoUpdateEnabled();
        int pushed = 0;
        if (intervalChanged || switchChanged) {
            Set<String> disabled = switchChanged ? overrides.disabledHosts(ctx) : Set.of();
            pushed = commands.pushSettings(ctx, hostId -> {
                Map<String, Object> message = new LinkedHashMap<>();
                if (intervalChanged) {
                    message.put(UPDATE_INTERVAL, after.agentUpdateIntervalMinutes());
                }
                if (switchChanged) {
                    message.put(AUTO_UPDATE, after.agentAutoUpdateEnabled() && !disabled.contains(hostId));
                }
                return message;
            });
        }
        return new Outcome(after.agentUpdateIntervalMinutes(), after.agentAutoUpdateEnabled(), pushed);
    }

    /** @throws DomainException 404 for a host the tenant does not have */
    public HostAutoUpdate host(TenantContext ctx, String hostId) {
        hosts.get(ctx, hostId);
        return new HostAutoUpdate(hostId, overrides.enabled(ctx, hostId), settings.get(ctx).agentAutoUpdateEnabled());
    }

    /**
     * Host Detail's switch; a change is pushed to the host's agent when it is connected.
     *
     * @throws DomainException 404 for a host the tenant does not have (nothing is written)
     */
    public HostOutcome setHost(TenantContext ctx, String hostId, boolean enabled) {
        HostAutoUpdate before = host(ctx, hostId);
        if (before.autoUpdate() == enabled) {
            return new HostOutcome(before, false);
        }
        overrides.set(ctx, hostId, enabled, clock.instant());
        HostAutoUpdate after = new HostAutoUpdate(hostId, enabled, before.globalAutoUpdate());
        return new HostOutcome(after, commands.pushSettingsTo(ctx, hostId, Map.of(AUTO_UPDATE, after.effective())));
    }

    /**
     * {@code GET /hosts/agent/version}'s {@code autoUpdateDisabledReason}: why this host's agent must not update itself
     * on its schedule, empty when it may.
     */
    public Optional<String> autoUpdateDisabled(TenantContext ctx, String hostId) {
        return disabledReason(settings.get(ctx), ctx, hostId);
    }

    /** What an agent reads at start-up ({@code GET /settings/update-interval}): its interval and effective auto-update. */
    public Updates forHost(TenantContext ctx, String hostId) {
        TenantSettings current = settings.get(ctx);
        return new Updates(current.agentUpdateIntervalMinutes(), disabledReason(current, ctx, hostId).isEmpty());
    }

    private Optional<String> disabledReason(TenantSettings current, TenantContext ctx, String hostId) {
        if (!current.agentAutoUpdateEnabled()) {
            return Optional.of(DISABLED_GLOBALLY);
        }
        return overrides.enabled(ctx, hostId) ? Optional.empty() : Optional.of(DISABLED_FOR_HOST);
    }
}
