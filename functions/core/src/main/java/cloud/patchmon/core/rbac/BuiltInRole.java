package cloud.patchmon.core.rbac;

import cloud.patchmon.core.rbac.Permission.Tier;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The five roles every tenant has, with the spec's default permissions and ranks. */
public enum BuiltInRole {
    SUPERADMIN(100, true, EnumSet.allOf(Permission.class)),
    ADMIN(90, true, allExcept(Permission.CAN_MANAGE_SUPERUSERS)),
    HOST_MANAGER(50, false, Permission.inTiers(Tier.MONITORING, Tier.HOST_INFRASTRUCTURE, Tier.OPERATIONS)),
    USER(20, true, with(Permission.inTiers(Tier.MONITORING), Permission.CAN_EXPORT_DATA)),
    READONLY(10, false, Permission.inTiers(Tier.MONITORING));

    /** Rank of every custom role: between host_manager and user. */
    public static final int CUSTOM_RANK = 30;

    private final int rank;
    private final boolean locked;
    private final Set<Permission> defaults;

    BuiltInRole(int rank, boolean locked, Set<Permission> defaults) {
        this.rank = rank;
        this.locked = locked;
        this.defaults = Set.copyOf(defaults);
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int rank() {
        return rank;
    }

    /** superadmin, admin and user: permissions cannot be edited. */
    public boolean locked() {
        return locked;
    }

    public Set<Permission> defaultPermissions() {
        return defaults;
    }

    public static Optional<BuiltInRole> fromKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key().equals(key)).findFirst();
    }

    /** The rank used for user-management checks: built-ins have their own, custom roles share one. */
    public static int rankOf(String roleKey) {
        return fromKey(roleKey).map(BuiltInRole::rank).orElse(CUSTOM_RANK);
    }

    private static Set<Permission> allExcept(Permission excluded) {
        EnumSet<Permission> all = EnumSet.allOf(Permission.class);
        all.remove(excluded);
        return all;
    }

    private static Set<Permission> with(Set<Permission> base, Permission extra) {
        EnumSet<Permission> result = EnumSet.copyOf(base);
        result.add(extra);
        return result;
    }
}
