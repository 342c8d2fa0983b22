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

    public static final int MIN_AGENT_INTERVAL = 1;
    /** A day: hosts are stale after three intervals, so a longer one would hide dead hosts for days. */
    public static final int MAX_AGENT_INTERVAL = 1440;

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
                current.agentUpdateInterval(), current.agentAutoUpdate());
        tenants.saveSettings(ctx, updated);
        return updated;
    }

    /**
     * Settings → Agent Updates: the interval (minutes between agent reports) and the global auto-update switch;
     * {@code null} leaves a field as it is. Nothing is written when nothing changes.
     */
    public TenantSettings updateAgentUpdates(TenantContext ctx, Integer minutes, Boolean autoUpdate) {
        if (minutes != null && (minutes < MIN_AGENT_INTERVAL || minutes > MAX_AGENT_INTERVAL)) {
            throw DomainException.invalid("update_interval", "Update interval must be between " + MIN_AGENT_INTERVAL + " and " + MAX_AGENT_INTERVAL + " minutes");
        }
        TenantSettings current = tenants.settings(ctx);
        TenantSettings updated = current.withAgentUpdates(minutes == null ? current.agentUpdateIntervalMinutes() : minutes,
                autoUpdate == null ? current.agentAutoUpdateEnabled() : autoUpdate);
        if (!updated.equals(current)) {
            tenants.saveSettings(ctx, updated);
        }
        return updated;
    }
}
