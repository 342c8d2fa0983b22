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
 */
public record TenantSettings(boolean selfRegistrationEnabled, String defaultRole, PasswordPolicy passwordPolicy, TfaSettings tfa,
                             Integer agentUpdateInterval) {

    /** Minutes between agent reports unless Settings → Agent Updates says otherwise. */
    public static final int DEFAULT_AGENT_UPDATE_INTERVAL = 60;

    public TenantSettings {
        // Settings stored before these fields existed read back with the defaults.
        tfa = tfa == null ? TfaSettings.defaults() : tfa;
        agentUpdateInterval = agentUpdateInterval == null ? DEFAULT_AGENT_UPDATE_INTERVAL : agentUpdateInterval;
    }

    public int agentUpdateIntervalMinutes() {
        return agentUpdateInterval;
    }

    public static TenantSettings defaults() {
        return new TenantSettings(false, BuiltInRole.USER.key(), PasswordPolicy.defaults(), TfaSettings.defaults(), DEFAULT_AGENT_UPDATE_INTERVAL);
    }
}
