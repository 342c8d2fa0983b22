package cloud.patchmon.core.rbac;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.rbac.Permission.Tier;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.users.UserRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Settings → Roles: the permission matrix, custom roles and their presets. */
public final class RoleService {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{1,49}");

    /** The quick-start presets of the Add Role modal. */
    public enum Preset {
        READ_ONLY(Permission.inTiers(Tier.MONITORING)),
        OPERATOR(Permission.inTiers(Tier.MONITORING, Tier.HOST_INFRASTRUCTURE, Tier.OPERATIONS)),
        ADMIN(EnumSet.allOf(Permission.class)),
        CLEAR_ALL(EnumSet.noneOf(Permission.class));

        private final Set<Permission> permissions;

        Preset(Set<Permission> permissions) {
            this.permissions = Set.copyOf(permissions);
        }

        public Set<Permission> permissions() {
            return permissions;
        }

        public static Optional<Preset> fromKey(String key) {
            return Arrays.stream(values()).filter(p -> p.name().toLowerCase(Locale.ROOT).equals(key)).findFirst();
        }
    }

    /** A role with the number of users holding it. */
    public record RoleSummary(Role role, int userCount) {
    }

    private final ItemStore store;
    private final RoleRepository roles;
    private final UserRepository users;
    private final Clock clock;

    public RoleService(ItemStore store, Clock clock) {
        this.store = store;
        this.roles = new RoleRepository(store);
        this.users = new UserRepository(store);
        this.clock = clock;
    }

    public List<RoleSummary> list(TenantContext ctx) {
        Map<String, Long> holders = users.list(ctx).stream().collect(Collectors.groupingBy(u -> u.role(), Collectors.counting()));
        return roles.list(ctx).stream()
                .sorted(Comparator.comparingInt(Role::rank).reversed().thenComparing(Role::name))
                .map(role -> new RoleSummary(role, holders.getOrDefault(role.name(), 0L).intValue()))
                .toList();
    }

    public Role create(TenantContext ctx, String name, Set<Permission> permissions) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw DomainException.invalid("name", "Role name must be lowercase letters, numbers and underscores (2-50 characters, starting with a letter)");
        }
        Instant now = clock.instant();
        Role role = new Role(name, permissions, false, now, now);
        if (BuiltInRole.fromKey(name).isPresent() || !store.putIfAbsent(ctx, RoleRepository.item(ctx, role))) {
            throw DomainException.badRequest("Role already exists");
        }
        return role;
    }

    public Role update(TenantContext ctx, String name, Set<Permission> permissions) {
        Role existing = roles.find(ctx, name).orElseThrow(() -> DomainException.notFound("Role not found"));
        if (BuiltInRole.fromKey(name).map(BuiltInRole::locked).orElse(false)) {
            throw DomainException.badRequest("Cannot modify built-in role permissions");
        }
        Role updated = new Role(existing.name(), permissions, existing.builtIn(), existing.createdAt(), clock.instant());
        store.put(ctx, Item.of(RoleRepository.key(ctx, name), RoleRepository.TYPE, updated));
        return updated;
    }

    public void delete(TenantContext ctx, String name) {
        roles.find(ctx, name).orElseThrow(() -> DomainException.notFound("Role not found"));
        if (BuiltInRole.fromKey(name).isPresent()) {
            throw DomainException.badRequest("Cannot delete built-in roles");
        }
        if (users.list(ctx).stream().anyMatch(u -> u.role().equals(name))) {
            throw DomainException.badRequest("Cannot delete role: users are assigned to it");
        }
        roles.delete(ctx, name);
    }
}
