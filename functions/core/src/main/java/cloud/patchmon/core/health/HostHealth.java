package cloud.patchmon.core.health;

import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.HostStatus;
import cloud.patchmon.core.realtime.AgentConnection;
import cloud.patchmon.core.realtime.ConnectionRepository;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;
import cloud.patchmon.core.tenants.TenantRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code host_down} and {@code host_recovered} (chapter 17). A host is down when it has neither reported nor checked in
 * for three update intervals ({@link HostStatus#STALE_AFTER_INTERVALS}), or when its agent's WebSocket dropped and no new
 * connection replaced it within {@link #GRACE}. {@code $disconnect} starts the grace period, {@code $connect} ends it
 * (and recovers a host that was down for being disconnected), and the scheduled sweep decides the rest. Each event is
 * published once per transition, whoever sees it first: the raise and the clear are conditional writes.
 *
 * <p>The sweep also keeps the dashboard's Offline figure ({@link #offline}): it judges every host's staleness anyway,
 * so counting the stale ones costs nothing more, and storing the count only when it changes keeps a check-in free of
 * any last-seen bookkeeping. The figure is at most one sweep (a minute) behind the Hosts list.
 */
public final class HostHealth {

    /** Long enough for an agent's reconnect back-off and API Gateway's 2-hour cut; short beside a 3-interval miss. */
    public static final Duration GRACE = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(HostHealth.class);
    private static final String JOB = "host-health";

    private final HostHealthRepository health;
    private final HostRepository hosts;
    private final ConnectionRepository connections;
    private final TenantRepository tenants;
    private final Directory directory;
    private final Events events;
    private final HostLiveEvents live;
    private final Clock clock;

    public HostHealth(ItemStore store, Events events, HostLiveEvents live, Clock clock) {
        this.health = new HostHealthRepository(store);
        this.hosts = new HostRepository(store);
        this.connections = new ConnectionRepository(store);
        this.tenants = new TenantRepository(store);
        this.directory = new Directory(store);
        this.events = events;
        this.live = live;
        this.clock = clock;
    }

    /** What one sweep did. */
    public record Sweep(int tenants, int raised, int cleared, List<TenantId> failed) {
    }

    /** What the sweep of one tenant did and the offline figure it left. */
    public record TenantSweep(int raised, int cleared, long offline) {
    }

    /** The {@code $disconnect} of a host's current connection: its grace period starts now. */
    public void agentDisconnected(TenantContext ctx, String hostId) {
        health.disconnected(ctx, new AgentDisconnect(hostId, clock.instant()));
    }

    /** A {@code $connect}: the grace period ends, and a host down only for its dropped connection recovers. */
    public void agentConnected(TenantContext ctx, String hostId) {
        health.reconnected(ctx, hostId);
        if (health.down(ctx, hostId).filter(d -> HostDown.DISCONNECTED.equals(d.reason())).isPresent()) {
            Host host = hosts.find(ctx, hostId).orElse(null);
            if (host != null && !stale(ctx, host, clock.instant()) && health.clear(ctx, hostId)) {
                recovered(ctx, host);
            }
        }
    }

    public Map<String, HostDown> down(TenantContext ctx) {
        return health.allDown(ctx);
    }

    public java.util.Optional<HostDown> down(TenantContext ctx, String hostId) {
        return health.down(ctx, hostId);
    }

    /** The tenant's reported hosts that were stale at the last sweep: one get of one small item. */
    public OfflineCount offline(TenantContext ctx) {
        return health.offline(ctx);
    }

    /** The scheduled sweep over every tenant; one tenant's failure is logged and the others still run. */
    public Sweep sweep() {
        int done = 0;
        int raised = 0;
        int cleared = 0;
        List<TenantId> failed = new ArrayList<>();
        for (TenantId tenant : directory.tenantIds()) {
            TenantContext ctx = TenantContext.system(tenant, JOB);
            if (tenants.find(ctx).isEmpty()) {
                continue;
            }
            try {
                TenantSweep changes = sweep(ctx);
                raised += changes.raised();
                cleared += changes.cleared();
                done++;
            } catch (RuntimeException e) {
                LOG.error("host health sweep of tenant {} failed", tenant.value(), e);
                failed.add(tenant);
            }
        }
        return new Sweep(done, raised, cleared, List.copyOf(failed));
    }

    /** One tenant's part of {@link #sweep()}. */
    public TenantSweep sweep(TenantContext ctx) {
        Instant now = clock.instant();
        HostStatus.Rule rule = HostStatus.Rule.of(tenants.settings(ctx), now);
        List<Host> all = hosts.list(ctx);
        Map<String, AgentConnection> connected = connections.all(ctx);
        Map<String, AgentDisconnect> disconnects = health.allDisconnects(ctx);
        Map<String, HostDown> down = new HashMap<>(health.allDown(ctx));
        int raised = 0;
        int cleared = 0;
        long offline = 0;
        for (Host host : all) {
            boolean stale = rule.of(host).stale();
            if (stale && Host.ACTIVE.equals(host.status())) {
                offline++;
            }
            String reason = stale ? HostDown.MISSED_UPDATES
                    : disconnectedTooLong(disconnects.get(host.id()), connected.containsKey(host.id()), now) ? HostDown.DISCONNECTED
                    : null;
            boolean isDown = down.containsKey(host.id());
            if (reason != null && !isDown && health.raise(ctx, new HostDown(host.id(), now, reason))) {
                raised++;
                events.publish(new DomainEvent(HostLiveEvents.HOST_DOWN, ctx.tenantId(), now,
                        Map.of("host_id", host.id(), "friendly_name", host.friendlyName(), "reason", reason)));
                live.health(ctx, host.id(), true, reason);
                LOG.info("host {} of tenant {} is down ({})", host.id(), ctx.tenantId(), reason);
            } else if (reason == null && isDown && health.clear(ctx, host.id())) {
                cleared++;
                recovered(ctx, host);
            }
        }
        if (health.offline(ctx).hosts() != offline) {
            health.offline(ctx, new OfflineCount(offline, now));
        }
        Set<String> existing = all.stream().map(Host::id).collect(Collectors.toSet());
        down.keySet().stream().filter(id -> !existing.contains(id)).forEach(id -> health.forget(ctx, id));
        disconnects.keySet().stream().filter(id -> !existing.contains(id) && !down.containsKey(id)).forEach(id -> health.forget(ctx, id));
        return new TenantSweep(raised, cleared, offline);
    }

    private static boolean disconnectedTooLong(AgentDisconnect disconnect, boolean connected, Instant now) {
        return !connected && disconnect != null && !disconnect.at().plus(GRACE).isAfter(now);
    }

    private boolean stale(TenantContext ctx, Host host, Instant now) {
        return HostStatus.Rule.of(tenants.settings(ctx), now).of(host).stale();
    }

    private void recovered(TenantContext ctx, Host host) {
        Instant now = clock.instant();
        events.publish(new DomainEvent(HostLiveEvents.HOST_RECOVERED, ctx.tenantId(), now,
                Map.of("host_id", host.id(), "friendly_name", host.friendlyName())));
        live.health(ctx, host.id(), false, null);
        LOG.info("host {} of tenant {} recovered", host.id(), ctx.tenantId());
    }
}
