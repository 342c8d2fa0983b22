package cloud.patchmon.core.dashboard;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.packages.PackageSummary;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes the dashboard's {@link FleetCounters} from the host items and the fleet package aggregates, and corrects
 * drift (a writer that crashed between its host write and its counter update): part of the daily {@code fleet-recount},
 * after the package aggregates' own correction, and the oracle the tests compare the maintained counters with.
 *
 * <p>The rewrite is conditional on the item's {@code changes} as read before the host items were: a report or check-in
 * that adds to the counters while the recount runs makes it start again instead of being overwritten.
 */
public final class FleetCountersRecount {

    static final int ATTEMPTS = 3;

    private final HostRepository hosts;
    private final PackageCatalog catalog;
    private final FleetCounters counters;

    public FleetCountersRecount(ItemStore store) {
        this.hosts = new HostRepository(store);
        this.catalog = new PackageCatalog(store);
        this.counters = new FleetCounters(store);
    }

    /** The counters as the source items say they should be (zero counters left out). */
    public record Expected(Map<String, Long> counters) {
    }

    public Expected compute(TenantContext ctx) {
        Map<String, Long> sums = new TreeMap<>();
        for (Host host : hosts.list(ctx)) {
            FleetCounters.Contribution c = FleetCounters.Contribution.of(host);
            c.counters().forEach((name, value) -> sums.merge(name, value, Long::sum));
        }
        for (PackageSummary p : catalog.list(ctx)) {
            sums.merge(FleetCounters.PACKAGES_OUTDATED, p.hostsNeedingUpdate() > 0 ? 1L : 0L, Long::sum);
            sums.merge(FleetCounters.PACKAGES_SECURITY, p.hostsSecurity() > 0 ? 1L : 0L, Long::sum);
        }
        return new Expected(new FleetCounters.Delta(sums).counters());
    }

    /**
     * Corrects drift, writing only when the item differs: a correct fleet costs one query of each source and no write.
     *
     * @return 1 when the counters had drifted, else 0
     */
    public int run(TenantContext ctx) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            FleetCounters.Snapshot stored = counters.read(ctx);
            Expected expected = compute(ctx);
            if (stored.counters().equals(expected.counters())) {
                return 0;
            }
            if (counters.replace(ctx, stored, expected.counters())) {
                return 1;
            }
        }
        throw new IllegalStateException("the fleet counters kept changing during " + ATTEMPTS + " recounts");
    }
}
