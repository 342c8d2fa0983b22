package cloud.patchmon.core.rbac;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** A named bundle of permissions inside a tenant. */
public record Role(String name, Set<Permission> permissions, boolean builtIn, Instant createdAt, Instant updatedAt) {

    public Role {
        Objects.requireNonNull(name, "name");
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    /** Admin and superadmin hold every permission whatever is stored (the spec's safety net). */
    @JsonIgnore
    public boolean has(Permission permission) {
        return isAdministrator() || permissions.contains(permission);
    }

    @JsonIgnore
    public boolean isAdministrator() {
        return name.equals(BuiltInRole.SUPERADMIN.key()) || name.equals(BuiltInRole.ADMIN.key());
    }

    @JsonIgnore
    public int rank() {
        return BuiltInRole.rankOf(name);
    }
}
