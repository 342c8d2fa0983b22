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
public record TenantSettings(boolean selfRegistrationEnabled, String defaultRole, PasswordPolicy passwordPolicy, TfaSettings tfa) {

    public TenantSettings {
        // Settings stored before 2FA settings existed read back without them.
        tfa = tfa == null ? TfaSettings.defaults() : tfa;
    }

    public static TenantSettings defaults() {
        return new TenantSettings(false, BuiltInRole.USER.key(), PasswordPolicy.defaults(), TfaSettings.defaults());
    }
}
