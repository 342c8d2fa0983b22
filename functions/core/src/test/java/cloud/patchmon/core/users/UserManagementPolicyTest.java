package cloud.patchmon.core.users;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.rbac.BuiltInRole;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.rbac.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserManagementPolicyTest {

    private static Role role(String name) {
        Set<Permission> permissions = BuiltInRole.fromKey(name).map(BuiltInRole::defaultPermissions)
                .orElse(name.equals("custom_superusers") ? EnumSet.of(Permission.CAN_MANAGE_USERS, Permission.CAN_MANAGE_SUPERUSERS)
                        : EnumSet.of(Permission.CAN_MANAGE_USERS));
        return new Role(name, permissions, BuiltInRole.fromKey(name).isPresent(), Instant.EPOCH, Instant.EPOCH);
    }

    @ParameterizedTest(name = "{0} assigning {1}: {2}")
    @CsvSource({
            "superadmin, superadmin, allowed",
            "superadmin, admin, allowed",
            "admin, superadmin, refused",
            "admin, admin, refused",
            "admin, host_manager, allowed",
            "admin, readonly, allowed",
            "host_manager, admin, refused",
            "host_manager, host_manager, allowed",
            "host_manager, custom_ops, allowed",
            "custom_ops, host_manager, refused",
            "custom_ops, custom_ops, allowed",
            "custom_ops, user, allowed",
            "user, custom_ops, refused",
            "readonly, user, refused",
            "custom_superusers, superadmin, refused",
            "custom_superusers, custom_ops, allowed",
    })
    void rolesCanOnlyBeHandedOutUpToYourOwn(String actor, String assigned, String outcome) {
        Runnable check = () -> UserManagementPolicy.checkAssign(role(actor), role(assigned));
        if (outcome.equals("allowed")) {
            assertThatCode(check::run).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(check::run).isInstanceOf(DomainException.class)
                    .hasMessage("You do not have permission to assign the role: " + assigned);
        }
    }

    @ParameterizedTest(name = "{0} touching a {1}: {2}")
    @CsvSource({
            "superadmin, superadmin, allowed",
            "admin, superadmin, refused",
            "admin, admin, allowed",
            "admin, user, allowed",
            "host_manager, admin, refused",
            "host_manager, host_manager, allowed",
            "custom_ops, host_manager, refused",
            "custom_ops, user, allowed",
            "custom_superusers, superadmin, allowed",
            "custom_superusers, admin, allowed",
            "user, host_manager, refused",
    })
    void usersCanOnlyManageUsersUpToTheirRank(String actor, String target, String outcome) {
        Runnable check = () -> UserManagementPolicy.checkTouch(role(actor), target);
        if (outcome.equals("allowed")) {
            assertThatCode(check::run).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(check::run).isInstanceOfSatisfying(DomainException.class,
                    e -> org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(DomainException.Kind.FORBIDDEN));
        }
    }
}
