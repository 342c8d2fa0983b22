package cloud.patchmon.core.auth;

import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.rbac.Role;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.users.User;

/** A request's signed-in user, resolved from a valid token and a live session. */
public record AuthenticatedUser(TenantId tenantId, User user, Role role, String sessionId) {

    public TenantContext context() {
        return new TenantContext(tenantId, new TenantContext.Principal(TenantContext.Principal.Kind.USER, user.id()));
    }

    public boolean has(Permission permission) {
        return role.has(permission);
    }
}
