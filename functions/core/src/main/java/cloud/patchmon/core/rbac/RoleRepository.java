package cloud.patchmon.core.rbac;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Roles of a tenant: one partition, one item per role. */
public final class RoleRepository {

    static final String PARTITION = "ROLES";
    static final String TYPE = "role";

    private final ItemStore store;

    public RoleRepository(ItemStore store) {
        this.store = store;
    }

    public static ItemKey key(TenantContext ctx, String name) {
        return ItemKey.of(ctx, PARTITION, "ROLE#" + name);
    }

    public static Item<Role> item(TenantContext ctx, Role role) {
        return Item.of(key(ctx, role.name()), TYPE, role);
    }

    /** The built-in roles a new tenant starts with. */
    public static List<Role> builtIns(Instant now) {
        return java.util.Arrays.stream(BuiltInRole.values())
                .map(r -> new Role(r.key(), r.defaultPermissions(), true, now, now))
                .toList();
    }

    public Optional<Role> find(TenantContext ctx, String name) {
        return store.get(ctx, key(ctx, name), Role.class);
    }

    public List<Role> list(TenantContext ctx) {
        return store.query(ctx, QuerySpec.partition(PARTITION).sortBeginsWith("ROLE#").limit(QuerySpec.MAX_LIMIT), Role.class).items();
    }

    public void save(TenantContext ctx, Role role) {
        store.put(ctx, item(ctx, role));
    }

    public boolean delete(TenantContext ctx, String name) {
        return store.delete(ctx, key(ctx, name));
    }
}
