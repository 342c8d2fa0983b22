package cloud.patchmon.core.realtime;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A completed {@code apply_config} job makes its configuration the host's applied integrations (what
 * {@code /hosts/integrations} and the ping answer agents) and clears the staging it carried, unless that was changed
 * again meanwhile. A failed one leaves the staging for another Apply.
 */
public final class AppliedConfigs implements AgentJobs.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(AppliedConfigs.class);

    private final HostRepository hosts;
    private final PendingConfigRepository pending;
    private final Clock clock;

    public AppliedConfigs(ItemStore store, Clock clock) {
        this.hosts = new HostRepository(store);
        this.pending = new PendingConfigRepository(store);
        this.clock = clock;
    }

    @Override
    public void finished(TenantContext ctx, AgentJob job) {
        if (!PendingConfigs.APPLY_CONFIG.equals(job.type()) || !AgentJob.COMPLETED.equals(job.status())) {
            return;
        }
        Map<?, ?> config = job.command().get("config") instanceof Map<?, ?> m ? m : Map.of();
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Host> found = hosts.find(ctx, job.hostId());
            if (found.isEmpty()) {
                return;
            }
            Host host = found.get();
            boolean docker = config.get("docker") instanceof Boolean b ? b : host.dockerEnabled();
            boolean compliance = config.get("compliance") instanceof Map<?, ?> c && c.containsKey("enabled")
                    ? !Boolean.FALSE.equals(c.get("enabled")) : host.complianceEnabled();
            if ((docker == host.dockerEnabled() && compliance == host.complianceEnabled())
                    || hosts.replace(ctx, host, host.withIntegrations(docker, compliance, clock.instant())).isPresent()) {
                break;
            }
        }
        pending.clearIfCarriedBy(ctx, job.hostId(), job.jobId());
        LOG.info("host {} of tenant {}: configuration of job {} applied", job.hostId(), ctx.tenantId(), job.jobId());
    }

}
