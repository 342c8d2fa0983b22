package cloud.patchmon.core.maintenance;

import cloud.patchmon.core.dashboard.FleetCountersRecount;
import cloud.patchmon.core.packages.PackageRecount;
import cloud.patchmon.core.repositories.RepositoryPackageRecount;
import cloud.patchmon.core.repositories.RepositoryRecount;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;
import cloud.patchmon.core.tenants.TenantRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduled drift correction: reports keep the fleet aggregates (packages, per-host
 * counters, repositories and their packages, the dashboard's fleet counters) up to date with atomic counter additions,
 * and this job recomputes them from the source items of every tenant,
 * rewriting only those that differ. One tenant's failure is logged and the others still run,
 * so a single corrupt partition cannot stop every tenant's correction.
 */
public final class FleetRecount {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRecount.class);
    private static final String JOB = "fleet-recount";

    private final Directory directory;
    private final TenantRepository tenants;
    private final List<Recount> recounts;

    /** One aggregate family's correction for one tenant; returns how many aggregates drifted. */
    @FunctionalInterface
    public interface Recount {
        int run(TenantContext ctx);
    }

    public FleetRecount(ItemStore store, Clock clock) {
        this(new Directory(store), new TenantRepository(store),
                // The dashboard's counters last: they count packages from the aggregates the package recount corrects.
                List.of(new PackageRecount(store)::run, new RepositoryRecount(store, clock)::run,
                        new RepositoryPackageRecount(store, clock)::run, new FleetCountersRecount(store)::run));
    }

    public FleetRecount(Directory directory, TenantRepository tenants, List<Recount> recounts) {
        this.directory = directory;
        this.tenants = tenants;
        this.recounts = List.copyOf(recounts);
    }

    /** What a run did: tenants corrected, aggregates rewritten, tenants that failed. */
    public record Result(int tenants, int corrected, List<TenantId> failed) {
    }

    public Result run() {
        int done = 0;
        int corrected = 0;
        List<TenantId> failed = new ArrayList<>();
        for (TenantId tenant : directory.tenantIds()) {
            TenantContext ctx = TenantContext.system(tenant, JOB);
            if (tenants.find(ctx).isEmpty()) {
                continue;
            }
            try {
                int drifted = 0;
                for (Recount recount : recounts) {
                    drifted += recount.run(ctx);
                }
                if (drifted > 0) {
                    LOG.warn("corrected {} drifted aggregates of tenant {}", drifted, tenant.value());
                }
                corrected += drifted;
                done++;
            } catch (RuntimeException e) {
                LOG.error("recount of tenant {} failed", tenant.value(), e);
                failed.add(tenant);
            }
        }
        return new Result(done, corrected, List.copyOf(failed));
    }
}
