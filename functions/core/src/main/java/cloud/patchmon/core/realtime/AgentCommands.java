package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** The operator's buttons that talk to a host's agent (chapter 4's "Requires agent online? Yes"), each one an agent job. */
public final class AgentCommands {

    public static final String REPORT_NOW = "report_now";
    public static final String UPDATE_AGENT = "update_agent";
    public static final String SETTINGS_UPDATE = "settings_update";
    public static final String REFRESH_INTEGRATION_STATUS = "refresh_integration_status";
    /**
     * A settings change reaches at most this many connected agents at once (one PostToConnection each, in the request
     * that saved it); the rest, like offline agents, read the interval at their next start or check-in sync.
     */
    public static final int MAX_FAN_OUT = 500;
    static final int FAN_OUT_PARALLELISM = 8;
    private static final Logger LOG = LoggerFactory.getLogger(AgentCommands.class);

    private final AgentJobs jobs;
    private final AgentChannel channel;
    private final HostService hosts;

    public AgentCommands(AgentJobs jobs, AgentChannel channel, HostService hosts) {
        this.jobs = jobs;
        this.channel = channel;
        this.hosts = hosts;
    }

    /**
     * Fetch Report: asks the agent for a full report now ({@code report_now}); the report itself arrives over REST.
     *
     * @throws DomainException 404 for a host the tenant does not have, 409 when its agent is not connected
     */
    public AgentJob fetchReport(TenantContext ctx, String hostId) {
        return online(ctx, hostId, REPORT_NOW, Map.of());
    }

    /** Update Now: the agent asks {@code /hosts/agent/version} and replaces itself when a newer one is offered. */
    public AgentJob updateAgent(TenantContext ctx, String hostId) {
        return online(ctx, hostId, UPDATE_AGENT, Map.of());
    }

    /** Refresh Status on the Integrations tab. */
    public AgentJob refreshIntegrationStatus(TenantContext ctx, String hostId) {
        return online(ctx, hostId, REFRESH_INTEGRATION_STATUS, Map.of());
    }

    private AgentJob online(TenantContext ctx, String hostId, String type, Map<String, ?> fields) {
        hosts.get(ctx, hostId);
        if (channel.connection(ctx, hostId).isEmpty()) {
            throw DomainException.conflict(AgentJobs.NOT_CONNECTED);
        }
        AgentJob job = jobs.dispatch(ctx, hostId, type, fields, false);
        if (AgentJob.FAILED.equals(job.status()) && AgentJobs.NOT_CONNECTED.equals(job.errorMessage())) {
            throw DomainException.conflict(AgentJobs.NOT_CONNECTED);
        }
        return job;
    }

    /**
     * Sends {@code settings_update} to every connected agent of the tenant (at most {@link #MAX_FAN_OUT}): the
     * interval changes live. Offline agents are not queued: they read the setting when they next start.
     *
     * @return how many agents it was sent to
     */
    public int pushSettings(TenantContext ctx, Map<String, ?> settings) {
        return pushSettings(ctx, hostId -> settings);
    }

    /** As {@link #pushSettings(TenantContext, Map)}, each host's message its own (its auto-update switch differs). */
    public int pushSettings(TenantContext ctx, Function<String, Map<String, ?>> settings) {
        List<String> connected = channel.connections(ctx).keySet().stream().sorted().limit(MAX_FAN_OUT).toList();
        if (connected.isEmpty()) {
            return 0;
        }
        // Each agent costs a job write, a post and a job update in sequence; in parallel the change stays well within
        // API Gateway's 29-second integration timeout at the cap.
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(FAN_OUT_PARALLELISM, connected.size()));
        try {
            List<Future<Boolean>> sends = connected.stream().map(hostId -> pool.submit(() -> pushTo(ctx, hostId, settings.apply(hostId)))).toList();
            int sent = 0;
            for (Future<Boolean> send : sends) {
                if (send.get()) {
                    sent++;
                }
            }
            return sent;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("settings fan-out interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("settings fan-out failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sends {@code settings_update} to one host's agent when it is connected (Host Detail's per-host switches);
     * an offline agent reads the setting when it next starts.
     *
     * @return whether it was sent
     */
    public boolean pushSettingsTo(TenantContext ctx, String hostId, Map<String, ?> settings) {
        return channel.connection(ctx, hostId).isPresent() && pushTo(ctx, hostId, settings);
    }

    private boolean pushTo(TenantContext ctx, String hostId, Map<String, ?> settings) {
        try {
            // Delivered: active, or already acknowledged by an agent quicker than the send's own bookkeeping.
            AgentJob job = jobs.dispatch(ctx, hostId, SETTINGS_UPDATE, settings);
            return job.sentAt() != null;
        } catch (DomainException e) {
            // A connection record outliving its host (deleted meanwhile) is no reason to stop the others.
            LOG.info("settings_update to host {} of tenant {} skipped: {}", hostId, ctx.tenantId(), e.getMessage());
            return false;
        }
    }

    /** Regenerate: new credentials, and the connection opened with the old ones is closed. */
    public HostService.Credentials regenerateCredentials(TenantContext ctx, String hostId) {
        HostService.Credentials credentials = hosts.regenerateCredentials(ctx, hostId);
        channel.connection(ctx, hostId).ifPresent(c -> close(ctx, c));
        return credentials;
    }

    /** Delete: the host goes, and so does its agent's open connection. */
    public Host deleteHost(TenantContext ctx, String hostId) {
        Optional<AgentConnection> connection = channel.connection(ctx, hostId);
        Host host = hosts.delete(ctx, hostId);
        connection.ifPresent(c -> close(ctx, c));
        return host;
    }

    /** Bulk delete: all the hosts or none are checked first (as {@link HostService#delete(TenantContext, List)}). */
    public List<Host> deleteHosts(TenantContext ctx, List<String> hostIds) {
        Map<String, AgentConnection> connections = channel.connections(ctx);
        List<Host> deleted = hosts.delete(ctx, hostIds);
        deleted.stream().map(h -> connections.get(h.id())).filter(c -> c != null).forEach(c -> close(ctx, c));
        return deleted;
    }

    private void close(TenantContext ctx, AgentConnection connection) {
        try {
            channel.disconnect(ctx, connection);
        } catch (RuntimeException e) {
            // The credentials are already retired: the authorizer refuses the next dial whatever happens here.
            LOG.warn("host {} of tenant {}: closing connection {} failed", connection.hostId(), ctx.tenantId(), connection.connectionId(), e);
        }
    }
}
