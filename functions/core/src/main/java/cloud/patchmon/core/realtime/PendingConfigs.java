package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Host Detail's Integrations tab (chapters 4 and 12): toggles are staged as pending configuration; Apply sends them
 * as {@code apply_config} (delayed until the agent reconnects when it is offline); the agent's {@code completed}
 * acknowledgement makes them the host's applied integrations and clears the staging. Upstream agents never ack: their
 * Apply counts as done once the job is settled by {@link AgentJob#effective}, which the tab's next read applies.
 */
public final class PendingConfigs {

    public static final String APPLY_CONFIG = "apply_config";
    private static final Set<String> COMPLIANCE_MODES = Set.of("enabled", "on-demand", "disabled");
    private static final Logger LOG = LoggerFactory.getLogger(PendingConfigs.class);

    /** What the tab shows. {@code job} is the Apply in flight, if any. */
    public record View(String hostId, Map<String, Object> integrations, PendingConfig pending, AgentJob job) {
    }

    /** A staging request; {@code null} fields keep what is staged (or applied). */
    public record Changes(Boolean docker, String compliance, Boolean openscapEnabled, Boolean dockerBenchEnabled) {
    }

    private final HostRepository hosts;
    private final PendingConfigRepository pending;
    private final AgentJobs jobs;
    private final AppliedConfigs applied;
    private final Clock clock;

    public PendingConfigs(ItemStore store, AgentJobs jobs, Clock clock) {
        this.hosts = new HostRepository(store);
        this.pending = new PendingConfigRepository(store);
        this.jobs = jobs;
        this.applied = new AppliedConfigs(store, clock);
        this.clock = clock;
    }

    public View view(TenantContext ctx, String hostId) {
        Host host = host(ctx, hostId);
        PendingConfig staged = pending.find(ctx, hostId).orElse(null);
        AgentJob job = staged == null || staged.jobId() == null ? null
                : jobs.find(ctx, hostId, staged.jobId()).map(j -> j.effective(clock.instant(), host.lastUpdate())).orElse(null);
        if (job != null && !job.acked() && AgentJob.COMPLETED.equals(job.status())) {
            applied.finished(ctx, job);
            Host now = host(ctx, hostId);
            return new View(hostId, applied(now), pending.find(ctx, hostId).orElse(null), job);
        }
        return new View(hostId, applied(host), staged, job);
    }

    /** @throws DomainException 400 for an unknown compliance mode or an empty change; 404 for another tenant's host */
    public View stage(TenantContext ctx, String hostId, Changes changes) {
        Host host = host(ctx, hostId);
        if (changes == null || (changes.docker() == null && changes.compliance() == null && changes.openscapEnabled() == null
                && changes.dockerBenchEnabled() == null)) {
            throw DomainException.badRequest("No integration setting to change");
        }
        if (changes.compliance() != null && !COMPLIANCE_MODES.contains(changes.compliance())) {
            throw DomainException.invalid("compliance", "compliance must be enabled, on-demand or disabled");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<PendingConfig> current = pending.find(ctx, hostId);
            PendingConfig base = current.orElse(new PendingConfig(null, null, null, null, null, null, 0));
            PendingConfig next = new PendingConfig(
                    changes.docker() != null ? changes.docker() : base.docker(),
                    changes.compliance() != null ? changes.compliance() : base.compliance(),
                    changes.openscapEnabled() != null ? changes.openscapEnabled() : base.openscapEnabled(),
                    changes.dockerBenchEnabled() != null ? changes.dockerBenchEnabled() : base.dockerBenchEnabled(),
                    clock.instant(), null, base.revision() + 1);
            if (pending.save(ctx, hostId, next, current.map(PendingConfig::revision).orElse(null))) {
                return new View(hostId, applied(host), next, null);
            }
        }
        throw DomainException.conflict("The pending configuration changed meanwhile; reload and try again");
    }

    public void discard(TenantContext ctx, String hostId) {
        host(ctx, hostId);
        pending.clear(ctx, hostId);
    }

    /**
     * Apply: sends the staged change as {@code apply_config}.
     *
     * @throws DomainException 409 when nothing is staged
     */
    public AgentJob apply(TenantContext ctx, String hostId) {
        host(ctx, hostId);
        PendingConfig staged = pending.find(ctx, hostId).orElseThrow(() -> DomainException.conflict("No pending configuration changes"));
        AgentJob job = jobs.dispatch(ctx, hostId, APPLY_CONFIG, Map.of("config", message(staged)));
        PendingConfig carried = new PendingConfig(staged.docker(), staged.compliance(), staged.openscapEnabled(), staged.dockerBenchEnabled(),
                staged.stagedAt(), job.jobId(), staged.revision() + 1);
        if (!pending.save(ctx, hostId, carried, staged.revision())) {
            LOG.info("host {} of tenant {}: configuration re-staged while job {} was sent; it stays pending", hostId, ctx.tenantId(), job.jobId());
        }
        return job;
    }

    /** The wire shape of {@code apply_config}'s {@code config}. */
    static Map<String, Object> message(PendingConfig staged) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (staged.docker() != null) {
            config.put("docker", staged.docker());
        }
        Map<String, Object> compliance = new LinkedHashMap<>();
        if (staged.compliance() != null) {
            compliance.put("enabled", switch (staged.compliance()) {
                case "enabled" -> (Object) Boolean.TRUE;
                case "on-demand" -> "on-demand";
                default -> Boolean.FALSE;
            });
        }
        if (staged.openscapEnabled() != null) {
            compliance.put("openscap_enabled", staged.openscapEnabled());
        }
        if (staged.dockerBenchEnabled() != null) {
            compliance.put("docker_bench_enabled", staged.dockerBenchEnabled());
        }
        if (!compliance.isEmpty()) {
            config.put("compliance", compliance);
        }
        return config;
    }

    private static Map<String, Object> applied(Host host) {
        Map<String, Object> integrations = new LinkedHashMap<>();
        integrations.put("docker", host.dockerEnabled());
        integrations.put("compliance", host.complianceEnabled() ? "enabled" : "disabled");
        return integrations;
    }

    private Host host(TenantContext ctx, String hostId) {
        return hosts.find(ctx, Objects.requireNonNull(hostId)).orElseThrow(() -> DomainException.notFound("Host not found"));
    }
}
