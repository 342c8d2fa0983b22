package cloud.patchmon.core.tenants;

import cloud.patchmon.core.auth.PasswordPolicy;
import cloud.patchmon.core.rbac.BuiltInRole;
import cloud.patchmon.core.tfa.TfaSettings;

/**
 * Per-tenant settings of the identity model (chapters 24 and 25).
 *
 * @param selfRegistrationEnabled whether people may register themselves into the tenant
 * @param defaultRole             the role of self-registered users
 * @param passwordPolicy          enforced on every password set
 * @param tfa                     two-factor lockout and trusted-device limits
 * @param agentUpdateInterval     Settings → Agent Updates' minutes between agent reports
 * @param agentAutoUpdate         Settings → Agent Updates' global auto-update switch; {@code null} (settings stored before
 *                                it existed) reads as on, upstream's default
 */
public record TenantSettings(boolean selfRegistrationEnabled, String defaultRole, PasswordPolicy passwordPolicy, TfaSettings tfa,
                             Integer agentUpdateInterval, Boolean agentAutoUpdate) {

    /** Minutes between agent reports unless Settings → Agent Updates says otherwise. */
    public static final int DEFAULT_AGENT_UPDATE_INTERVAL = 60;

    public TenantSettings {
        // Settings stored before these fields existed read back with the defaults.
        tfa = tfa == null ? TfaSettings.defaults() : tfa;
        agentUpdateInterval = agentUpdateInterval == null ? DEFAULT_AGENT_UPDATE_INTERVAL : agentUpdateInterval;
        agentAutoUpdate = agentAutoUpdate == null ? Boolean.TRUE : agentAutoUpdate;
    }

    public int agentUpdateIntervalMinutes() {
        return agentUpdateInterval;
    }

    /** Whether agents may update themselves on their schedule (each host can still opt out on Host Detail). */
    public boolean agentAutoUpdateEnabled() {
        return agentAutoUpdate;
    }

    public TenantSettings withAgentUpdates(int interval, boolean autoUpdate) {
        return new TenantSettings(selfRegistrationEnabled, defaultRole, passwordPolicy, tfa, interval, autoUpdate);
    }

    public static TenantSettings defaults() {
        return new TenantSettings(false, BuiltInRole.USER.key(), PasswordPolicy.defaults(), TfaSettings.defaults(), DEFAULT_AGENT_UPDATE_INTERVAL, true);
    }
}
