package cloud.patchmon.core.tenants;

import cloud.patchmon.core.auth.PasswordPolicy;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.rbac.BuiltInRole;
import cloud.patchmon.core.rbac.RoleRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tfa.TfaSettings;

/** The tenant's identity settings: self-registration, its default role, the password policy. */
public final class TenantSettingsService {

    private final TenantRepository tenants;
    private final RoleRepository roles;

    public TenantSettingsService(ItemStore store) {
        this.tenants = new TenantRepository(store);
        this.roles = new RoleRepository(store);
    }

    public TenantSettings get(TenantContext ctx) {
        return tenants.settings(ctx);
    }

    public TenantSettings update(TenantContext ctx, Boolean selfRegistration, String defaultRole, PasswordPolicy policy) {
        return update(ctx, selfRegistration, defaultRole, policy, null);
    }

    public TenantSettings update(TenantContext ctx, Boolean selfRegistration, String defaultRole, PasswordPolicy policy, TfaSettings tfa) {
        TenantSettings current = tenants.settings(ctx);
        String role = defaultRole == null ? current.defaultRole() : defaultRole;
        if (roles.find(ctx, role).isEmpty()) {
            throw DomainException.invalid("default_role", "Invalid role");
        }
        // Self-registration must never hand out administrator rights to strangers.
        if (role.equals(BuiltInRole.SUPERADMIN.key()) || role.equals(BuiltInRole.ADMIN.key())) {
            throw DomainException.invalid("default_role", "The default role for new users cannot be admin or superadmin");
        }
        TenantSettings updated = new TenantSettings(
                selfRegistration == null ? current.selfRegistrationEnabled() : selfRegistration,
                role,
                policy == null ? current.passwordPolicy() : policy,
                tfa == null ? current.tfa() : tfa,
                current.agentUpdateInterval());
        tenants.saveSettings(ctx, updated);
        return updated;
    }
}
