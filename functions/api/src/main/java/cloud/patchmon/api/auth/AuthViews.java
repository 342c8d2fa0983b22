package cloud.patchmon.api.auth;

import cloud.patchmon.core.auth.AuthService;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.rbac.Role;
import cloud.patchmon.core.tenants.PlanModule;
import cloud.patchmon.core.tenants.Tenant;
import cloud.patchmon.core.users.User;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Response bodies of the auth routes (snake_case on the wire). */
public final class AuthViews {

    private AuthViews() {
    }

    public record UserView(String id, String username, String email, String firstName, String lastName, String role,
                           boolean isActive, Instant lastLogin, Instant createdAt, Instant updatedAt, boolean tfaEnabled,
                           String themePreference) {
        public static UserView of(User user) {
            return new UserView(user.id(), user.username(), user.email(), user.firstName(), user.lastName(), user.role(),
                    user.active(), user.lastLoginAt(), user.createdAt(), user.updatedAt(), user.tfaEnabled(), user.themePreference());
        }
    }

    public record TenantView(String id, String name, String slug) {
        public static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id().value(), tenant.name(), tenant.slug());
        }
    }

    /** The permission keys a role effectively holds (administrators hold all). */
    public static List<String> permissions(Role role) {
        return Arrays.stream(Permission.values()).filter(role::has).map(Permission::key).toList();
    }

    /** The module keys of the tenant's plan, as the web reads them to lock what the plan lacks. */
    public static List<String> modules(Set<PlanModule> enabled) {
        return enabled.stream().sorted().map(PlanModule::key).toList();
    }

    public record SessionResponse(String message, String token, Instant expiresAt, UserView user, TenantView tenant,
                                  List<String> permissions, List<String> modules) {
        public static SessionResponse of(String message, AuthService.SignedIn signedIn, Set<PlanModule> modules) {
            return new SessionResponse(message, signedIn.access().token(), signedIn.access().expiresAt(),
                    UserView.of(signedIn.user()), TenantView.of(signedIn.tenant()), AuthViews.permissions(signedIn.role()),
                    AuthViews.modules(modules));
        }
    }

    public record MeResponse(UserView user, TenantView tenant, List<String> permissions, List<String> modules) {
    }

    public record Message(String message) {
    }
}
