package cloud.patchmon.core.realtime;

import cloud.patchmon.core.rbac.Role;
import cloud.patchmon.core.rbac.RoleRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.users.User;
import cloud.patchmon.core.users.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Keeps open browser connections within what their users may see now. A subscription is checked when it is made
 * ({@link UiSessions}); after a user's role changes, or a role loses permissions, the user's subscriptions that the
 * role no longer allows end (each answered with {@code unsubscribed}, {@code reason: "access_revoked"}, so the page
 * stops waiting for events). A user deactivated or deleted loses the connections themselves.
 */
public final class UiAccess {

    public static final String REVOKED = "access_revoked";
    private static final Logger LOG = LoggerFactory.getLogger(UiAccess.class);

    /** @param unsubscribed subscriptions ended; {@code closed} connections closed */
    public record Revoked(int unsubscribed, int closed) {
        static final Revoked NONE = new Revoked(0, 0);

        Revoked plus(Revoked other) {
            return new Revoked(unsubscribed + other.unsubscribed, closed + other.closed);
        }
    }

    private final UiConnectionRepository connections;
    private final UserRepository users;
    private final RoleRepository roles;
    private final UiChannel channel;

    public UiAccess(ItemStore store, UiChannel channel) {
        this.connections = new UiConnectionRepository(store);
        this.users = new UserRepository(store);
        this.roles = new RoleRepository(store);
        this.channel = channel;
    }

    /** After a user was edited (role, active flag) or deleted: re-checks that user's connections. */
    public Revoked userChanged(TenantContext ctx, String userId) {
        return recheck(ctx, userId::equals);
    }

    /** After a role's permissions were edited: re-checks the connections of every user holding it. */
    public Revoked roleChanged(TenantContext ctx, String roleName) {
        List<String> holders = users.list(ctx).stream().filter(u -> u.role().equals(roleName)).map(User::id).toList();
        return holders.isEmpty() ? Revoked.NONE : recheck(ctx, holders::contains);
    }

    private Revoked recheck(TenantContext ctx, Predicate<String> concerned) {
        Revoked revoked = Revoked.NONE;
        for (UiConnection connection : connections.connections(ctx)) {
            if (concerned.test(connection.userId())) {
                revoked = revoked.plus(recheck(ctx, connection));
            }
        }
        return revoked;
    }

    private Revoked recheck(TenantContext ctx, UiConnection connection) {
        Optional<User> user = users.find(ctx, connection.userId()).filter(User::active);
        if (user.isEmpty()) {
            channel.close(ctx, connection.connectionId());
            LOG.info("user {} of tenant {} is no longer active: live updates connection {} closed", connection.userId(), ctx.tenantId(),
                    connection.connectionId());
            return new Revoked(0, 1);
        }
        Optional<Role> role = roles.find(ctx, user.get().role());
        int ended = 0;
        for (String held : connections.channelsOf(ctx, connection.connectionId())) {
            UiChannelName name = UiChannelName.parse(held);
            if (role.filter(r -> r.has(UiSessions.requiredFor(name))).isEmpty()) {
                connections.unsubscribe(ctx, connection.connectionId(), held);
                Map<String, Object> frame = new LinkedHashMap<>(UiSessions.answer("unsubscribed", name));
                frame.put("reason", REVOKED);
                channel.sendTo(ctx, connection.connectionId(), frame);
                ended++;
            }
        }
        if (ended > 0) {
            LOG.info("user {} of tenant {}: {} live subscriptions on {} ended, the role {} no longer allows them", connection.userId(),
                    ctx.tenantId(), ended, connection.connectionId(), user.get().role());
        }
        return new Revoked(ended, 0);
    }
}
