package cloud.patchmon.core.tenants;

import cloud.patchmon.core.auth.PasswordPolicy;
import cloud.patchmon.core.rbac.BuiltInRole;

/**
 * Per-tenant settings of the identity model (chapters 24 and 25).
 *
 * @param selfRegistrationEnabled whether people may register themselves into the tenant
 * @param defaultRole             the role of self-registered users
 * @param passwordPolicy          enforced on every password set
 */
public record TenantSettings(boolean selfRegistrationEnabled, String defaultRole, PasswordPolicy passwordPolicy) {

    public static TenantSettings defaults() {
        return new TenantSettings(false, BuiltInRole.USER.key(), PasswordPolicy.defaults());
    }
}
