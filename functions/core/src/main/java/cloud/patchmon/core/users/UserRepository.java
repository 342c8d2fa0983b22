package cloud.patchmon.core.users;

import cloud.patchmon.core.storage.ConditionFailedException;
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
 * Users of a tenant. Usernames and emails are unique per tenant, case-insensitively, through
 * guard items written in the same transaction as the user.
 */
public final class UserRepository {

    private static final String USERS = "USERS";
    private static final String USERNAMES = "USERNAMES";
    private static final String EMAILS = "EMAILS";

    private final ItemStore store;

    public UserRepository(ItemStore store) {
        this.store = store;
    }

    /** The guarded record of a name: which user holds it. */
    public record NameGuard(String userId) {
    }

    public static ItemKey key(TenantContext ctx, String userId) {
        return ItemKey.of(ctx, USERS, "USER#" + userId);
    }

    /** The writes that create a user; the transaction fails if the username or email is taken. */
    public static List<Write> creation(TenantContext ctx, User user) {
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.Put(Item.of(key(ctx, user.id()), "user", user), true));
        writes.add(new Write.Put(Item.of(ItemKey.of(ctx, USERNAMES, Directory.normalise(user.username())), "username", new NameGuard(user.id())), true));
        if (user.email() != null) {
            writes.add(new Write.Put(Item.of(ItemKey.of(ctx, EMAILS, Directory.normalise(user.email())), "email", new NameGuard(user.id())), true));
        }
        return writes;
    }

    /** @throws ConditionFailedException when the username or email is taken */
    public void create(TenantContext ctx, User user) {
        store.transact(ctx, creation(ctx, user));
    }

    public Optional<User> find(TenantContext ctx, String userId) {
        return store.get(ctx, key(ctx, userId), User.class);
    }

    public Optional<User> findByUsername(TenantContext ctx, String username) {
        return store.get(ctx, ItemKey.of(ctx, USERNAMES, Directory.normalise(username)), NameGuard.class)
                .flatMap(guard -> find(ctx, guard.userId()));
    }

    public boolean usernameTaken(TenantContext ctx, String username) {
        return store.get(ctx, ItemKey.of(ctx, USERNAMES, Directory.normalise(username)), NameGuard.class).isPresent();
    }

    public boolean emailTaken(TenantContext ctx, String email) {
        return store.get(ctx, ItemKey.of(ctx, EMAILS, Directory.normalise(email)), NameGuard.class).isPresent();
    }

    public List<User> list(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(USERS).sortBeginsWith("USER#").limit(QuerySpec.MAX_LIMIT), User.class);
    }

    /**
     * Replaces the user record and moves its username and email guards when they changed.
     *
     * @throws ConditionFailedException when the new username or email is taken
     */
    public void update(TenantContext ctx, User before, User after) {
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.Put(Item.of(key(ctx, after.id()), "user", after), false));
        moveGuard(ctx, USERNAMES, before.username(), after.username(), after.id(), "username", writes);
        moveGuard(ctx, EMAILS, before.email(), after.email(), after.id(), "email", writes);
        if (writes.size() == 1) {
            save(ctx, after);
        } else {
            store.transact(ctx, writes);
        }
    }

    private static void moveGuard(TenantContext ctx, String partition, String before, String after, String userId, String type, List<Write> writes) {
        String oldName = before == null ? null : Directory.normalise(before);
        String newName = after == null ? null : Directory.normalise(after);
        if (java.util.Objects.equals(oldName, newName)) {
            return;
        }
        if (newName != null) {
            writes.add(new Write.Put(Item.of(ItemKey.of(ctx, partition, newName), type, new NameGuard(userId)), true));
        }
        if (oldName != null) {
            writes.add(new Write.Delete(ItemKey.of(ctx, partition, oldName), false));
        }
    }

    /** Deletes the user and its name guards in one transaction. */
    public void delete(TenantContext ctx, User user) {
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.Delete(key(ctx, user.id()), true));
        writes.add(new Write.Delete(ItemKey.of(ctx, USERNAMES, Directory.normalise(user.username())), false));
        if (user.email() != null) {
            writes.add(new Write.Delete(ItemKey.of(ctx, EMAILS, Directory.normalise(user.email())), false));
        }
        store.transact(ctx, writes);
    }

    /** Replaces the user record; the username and email guards are unchanged. */
    public void save(TenantContext ctx, User user) {
        store.put(ctx, Item.of(key(ctx, user.id()), "user", user));
    }
}
