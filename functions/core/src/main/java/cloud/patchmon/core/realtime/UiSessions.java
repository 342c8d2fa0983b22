package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.rbac.RoleRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.users.User;
import cloud.patchmon.core.users.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browsers' side of the {@code ui} WebSocket API: connections opened with a one-time ticket, and subscriptions to
 * host and run channels. A subscription is checked when it is made: the channel's host or run must be the
 * connection's tenant's (another tenant's id reads as not found, never as a hint that it exists), and the user must
 * still be active and hold {@code can_view_hosts} (which also opens the Patching pages read-only, chapter 12).
 */
public final class UiSessions {

    /** Enough for a Hosts page and a few detail pages; a runaway client cannot fill the table. */
    public static final int MAX_SUBSCRIPTIONS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(UiSessions.class);

    /** The patch runs a {@code run:<id>} channel may name: the tenant's own. */
    @FunctionalInterface
    public interface RunLookup {
        boolean exists(TenantContext ctx, String runId);

        /** The frames a new subscriber gets after the subscribe answer (the persisted output so far). */
        default List<Map<String, Object>> snapshot(TenantContext ctx, String runId) {
            return List.of();
        }
    }

    private final UiConnectionRepository connections;
    private final HostRepository hosts;
    private final UserRepository users;
    private final RoleRepository roles;
    private final RunLookup runs;
    private final Clock clock;

    public UiSessions(ItemStore store, RunLookup runs, Clock clock) {
        this.connections = new UiConnectionRepository(store);
        this.hosts = new HostRepository(store);
        this.users = new UserRepository(store);
        this.roles = new RoleRepository(store);
        this.runs = runs;
        this.clock = clock;
    }

    /** @param ctx the ticket's tenant, the principal its user */
    public UiConnection connected(TenantContext ctx, String connectionId) {
        UiConnection connection = new UiConnection(connectionId, ctx.principal().id(), clock.instant());
        connections.save(ctx, connection);
        LOG.info("user {} of tenant {} opened live updates ({})", ctx.principal().id(), ctx.tenantId(), connectionId);
        return connection;
    }

    public void disconnected(TenantContext ctx, String connectionId) {
        connections.remove(ctx, connectionId);
        LOG.info("user {} of tenant {} closed live updates ({})", ctx.principal().id(), ctx.tenantId(), connectionId);
    }

    /**
     * @return the subscribed channel's name
     * @throws DomainException 400 for a malformed channel or too many subscriptions, 403 without the permission,
     *                         404 for a host or run the tenant does not have, 401 for a connection no longer recorded
     */
    public UiChannelName subscribe(TenantContext ctx, String connectionId, String channel) {
        UiChannelName name = UiChannelName.parse(channel);
        UiConnection connection = connections.find(ctx, connectionId)
                .filter(c -> c.userId().equals(ctx.principal().id()))
                .orElseThrow(() -> DomainException.unauthenticated("Connection is not signed in"));
        requireViewer(ctx, name);
        boolean exists = switch (name.kind()) {
            case HOST -> hosts.find(ctx, name.id()).isPresent();
            case RUN -> runs.exists(ctx, name.id());
        };
        if (!exists) {
            throw DomainException.notFound(name.kind() == UiChannelName.Kind.HOST ? "Host not found" : "Run not found");
        }
        List<String> held = connections.channelsOf(ctx, connectionId);
        if (!held.contains(name.toString())) {
            if (held.size() >= MAX_SUBSCRIPTIONS) {
                throw DomainException.badRequest("At most " + MAX_SUBSCRIPTIONS + " subscriptions per connection");
            }
            connections.subscribe(ctx, connection, name.toString());
        }
        return name;
    }

    /** Unsubscribing from a channel the connection does not hold is no error: the outcome is the same. */
    public UiChannelName unsubscribe(TenantContext ctx, String connectionId, String channel) {
        UiChannelName name = UiChannelName.parse(channel);
        connections.unsubscribe(ctx, connectionId, name.toString());
        return name;
    }

    /**
     * What a subscription to {@code channel} requires; {@link UiAccess} ends subscriptions a role change no longer
     * allows by the same rule.
     */
    public static Permission requiredFor(UiChannelName channel) {
        return switch (channel.kind()) {
            case HOST, RUN -> Permission.CAN_VIEW_HOSTS;
        };
    }

    private void requireViewer(TenantContext ctx, UiChannelName channel) {
        User user = users.find(ctx, ctx.principal().id()).filter(User::active)
                .orElseThrow(() -> DomainException.unauthenticated("User is not active"));
        if (roles.find(ctx, user.role()).filter(r -> r.has(requiredFor(channel))).isEmpty()) {
            throw DomainException.forbidden("Insufficient permissions");
        }
    }

    /** What follows a subscribe's answer: for a run channel its snapshot frames, for a host channel nothing. */
    public List<Map<String, Object>> afterSubscribe(TenantContext ctx, UiChannelName channel) {
        return channel.kind() == UiChannelName.Kind.RUN ? runs.snapshot(ctx, channel.id()) : List.of();
    }

    /** The frame a subscribe or unsubscribe is answered with. */
    public static Map<String, Object> answer(String type, UiChannelName channel) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("type", type);
        answer.put("channel", channel.toString());
        return answer;
    }
}
