package cloud.patchmon.core.users;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.rbac.BuiltInRole;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.rbac.Role;

/**
 * The escalation rules of chapter 24, separate from permission checks: role ranks, and who may
 * hand out or touch the admin and superadmin roles.
 */
public final class UserManagementPolicy {

    private UserManagementPolicy() {
    }

    /**
     * Superadmins, and holders of an explicitly granted can_manage_superusers. Admins are not: the
     * admin short-circuit grants every permission check, never the right to mint superadmins.
     */
    public static boolean managesSuperusers(Role actor) {
        return actor.name().equals(BuiltInRole.SUPERADMIN.key())
                || (!actor.isAdministrator() && actor.permissions().contains(Permission.CAN_MANAGE_SUPERUSERS));
    }

    /** @throws DomainException FORBIDDEN when {@code actor} may not give anyone {@code role} */
    public static void checkAssign(Role actor, Role role) {
        boolean elevated = role.name().equals(BuiltInRole.SUPERADMIN.key()) || role.name().equals(BuiltInRole.ADMIN.key());
        if (role.rank() > actor.rank() || (elevated && !managesSuperusers(actor))) {
            throw DomainException.forbidden("You do not have permission to assign the role: " + role.name());
        }
    }

    /** @throws DomainException FORBIDDEN when {@code actor} may not modify, reset or delete a holder of {@code targetRole} */
    public static void checkTouch(Role actor, String targetRole) {
        boolean allowed;
        if (targetRole.equals(BuiltInRole.SUPERADMIN.key())) {
            allowed = managesSuperusers(actor);
        } else if (targetRole.equals(BuiltInRole.ADMIN.key())) {
            allowed = actor.rank() >= BuiltInRole.ADMIN.rank() || managesSuperusers(actor);
        } else {
            allowed = actor.rank() >= BuiltInRole.rankOf(targetRole) || managesSuperusers(actor);
        }
        if (!allowed) {
            throw DomainException.forbidden("You cannot manage a user whose role is more privileged than your own");
        }
    }
}
