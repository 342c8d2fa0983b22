package cloud.patchmon.api.settings;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.auth.PasswordPolicy;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.tenants.TenantSettings;
import cloud.patchmon.core.tenants.TenantSettingsService;
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

    public record SettingsView(boolean selfRegistrationEnabled, String defaultRole, PolicyView passwordPolicy) {
        static SettingsView of(TenantSettings s) {
            return new SettingsView(s.selfRegistrationEnabled(), s.defaultRole(), PolicyView.of(s.passwordPolicy()));
        }
    }

    public record SettingsBody(Boolean selfRegistrationEnabled, String defaultRole, PolicyView passwordPolicy) {
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
        return SettingsView.of(settings.update(actor.context(), body.selfRegistrationEnabled(), body.defaultRole(), policy));
    }
}
