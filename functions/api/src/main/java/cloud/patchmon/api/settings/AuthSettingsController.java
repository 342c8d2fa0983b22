package cloud.patchmon.api.settings;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.auth.PasswordPolicy;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.tenants.TenantSettings;
import cloud.patchmon.core.tenants.TenantSettingsService;
import cloud.patchmon.core.tfa.TfaSettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** User registration settings and the password policy of the tenant. */
@RestController
public class AuthSettingsController {

    private final TenantSettingsService settings;

    public AuthSettingsController(TenantSettingsService settings) {
        this.settings = settings;
    }

    public record PolicyView(int minLength, boolean requireUppercase, boolean requireLowercase, boolean requireNumber, boolean requireSpecial) {
        static PolicyView of(PasswordPolicy p) {
            return new PolicyView(p.minLength(), p.requireUppercase(), p.requireLowercase(), p.requireNumber(), p.requireSpecial());
        }
    }

    public record TfaView(int maxAttempts, int lockoutMinutes, int rememberMeDays, int maxRememberSessions) {
        static TfaView of(TfaSettings t) {
            return new TfaView(t.maxAttempts(), t.lockoutMinutes(), t.rememberMeDays(), t.maxRememberSessions());
        }
    }

    public record SettingsView(boolean selfRegistrationEnabled, String defaultRole, PolicyView passwordPolicy, TfaView tfa) {
        static SettingsView of(TenantSettings s) {
            return new SettingsView(s.selfRegistrationEnabled(), s.defaultRole(), PolicyView.of(s.passwordPolicy()), TfaView.of(s.tfa()));
        }
    }

    public record SettingsBody(Boolean selfRegistrationEnabled, String defaultRole, PolicyView passwordPolicy, TfaView tfa) {
    }

    @GetMapping("/api/v1/settings/auth")
    @RequiresPermission({Permission.CAN_MANAGE_SETTINGS, Permission.CAN_MANAGE_USERS})
    public SettingsView get(AuthenticatedUser actor) {
        return SettingsView.of(settings.get(actor.context()));
    }

    @PutMapping("/api/v1/settings/auth")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public SettingsView update(AuthenticatedUser actor, @RequestBody SettingsBody body) {
        PasswordPolicy policy = null;
        if (body.passwordPolicy() != null) {
            PolicyView p = body.passwordPolicy();
            if (p.minLength() < 8 || p.minLength() > PasswordPolicy.MAX_BYTES) {
                throw DomainException.invalid("password_policy.min_length", "Minimum length must be between 8 and " + PasswordPolicy.MAX_BYTES);
            }
            policy = new PasswordPolicy(p.minLength(), p.requireUppercase(), p.requireLowercase(), p.requireNumber(), p.requireSpecial());
        }
        TfaSettings tfa = null;
        if (body.tfa() != null) {
            TfaView t = body.tfa();
            try {
                tfa = new TfaSettings(t.maxAttempts(), t.lockoutMinutes(), t.rememberMeDays(), t.maxRememberSessions());
            } catch (IllegalArgumentException outOfRange) {
                throw DomainException.invalid("tfa", "2FA settings must be: attempts 1-20, lockout 1-1440 minutes, remember me 1-365 days, 1-50 devices");
            }
        }
        return SettingsView.of(settings.update(actor.context(), body.selfRegistrationEnabled(), body.defaultRole(), policy, tfa));
    }
}
