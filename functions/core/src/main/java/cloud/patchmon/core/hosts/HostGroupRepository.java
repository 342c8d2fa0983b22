package cloud.patchmon.core.hosts;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.Directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Host groups of a tenant, their unique names (guard items, case-insensitive) and their
 * memberships: one item per (group, host), so a group's hosts are one query and its count
 * needs no scan of the fleet.
 */
public final class HostGroupRepository {

    private static final String GROUPS = "HOSTGROUPS";
    private static final String NAMES = "HOSTGROUP_NAMES";

    private final ItemStore store;

    public HostGroupRepository(ItemStore store) {
        this.store = store;
    }

    /** Which host a membership item names. */
    public record Membership(String groupId, String hostId) {
    }

    /** The guarded record of a group name. */
    public record NameGuard(String groupId) {
    }

    static ItemKey key(TenantContext ctx, String groupId) {
        return ItemKey.of(ctx, GROUPS, "GROUP#" + groupId);
    }

    static ItemKey nameKey(TenantContext ctx, String name) {
        return ItemKey.of(ctx, NAMES, Directory.normalise(name));
    }

    static ItemKey membershipKey(TenantContext ctx, String groupId, String hostId) {
        return ItemKey.of(ctx, "HOSTGROUP#" + groupId, "HOST#" + hostId);
    }

    public static Write.Put membership(TenantContext ctx, String groupId, String hostId) {
        return new Write.Put(Item.of(membershipKey(ctx, groupId, hostId), "host_group_membership", new Membership(groupId, hostId)), false);
    }

    public static Write.Delete removeMembership(TenantContext ctx, String groupId, String hostId) {
        return new Write.Delete(membershipKey(ctx, groupId, hostId), false);
    }

    /** Creates the group with its name guard; the transaction fails if the name is taken. */
    public void create(TenantContext ctx, HostGroup group) {
        store.transact(ctx, List.of(
                new Write.Put(Item.of(key(ctx, group.id()), "host_group", group), true),
                new Write.Put(Item.of(nameKey(ctx, group.name()), "host_group_name", new NameGuard(group.id())), true)));
    }

    /** Replaces the group, moving its name guard when the name changed. */
    public void update(TenantContext ctx, HostGroup before, HostGroup after) {
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.Put(Item.of(key(ctx, after.id()), "host_group", after), false));
        if (!Directory.normalise(before.name()).equals(Directory.normalise(after.name()))) {
            writes.add(new Write.Put(Item.of(nameKey(ctx, after.name()), "host_group_name", new NameGuard(after.id())), true));
            writes.add(new Write.Delete(nameKey(ctx, before.name()), false));
        }
        store.transact(ctx, writes);
    }

    public void delete(TenantContext ctx, HostGroup group) {
        store.transact(ctx, List.of(new Write.Delete(key(ctx, group.id()), true), new Write.Delete(nameKey(ctx, group.name()), false)));
    }

    public Optional<HostGroup> find(TenantContext ctx, String groupId) {
        return store.get(ctx, key(ctx, groupId), HostGroup.class);
    }

    public List<HostGroup> list(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(GROUPS).sortBeginsWith("GROUP#").limit(QuerySpec.MAX_LIMIT), HostGroup.class);
    }

    public List<String> hostIds(TenantContext ctx, String groupId) {
        return store.queryAll(ctx, QuerySpec.partition("HOSTGROUP#" + groupId).sortBeginsWith("HOST#").limit(QuerySpec.MAX_LIMIT), Membership.class)
                .stream().map(Membership::hostId).toList();
    }

}
