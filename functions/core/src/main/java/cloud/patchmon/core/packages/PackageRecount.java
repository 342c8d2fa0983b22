package cloud.patchmon.core.packages;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostPackageRepository;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes the fleet package aggregates from every host's package items and replaces the
 * maintained ones: the drift correction a periodic job runs, and the oracle tests compare with.
 */
public final class PackageRecount {

    private final HostRepository hosts;
    private final HostPackageRepository packages;
    private final PackageCatalog catalog;

    public PackageRecount(ItemStore store) {
        this.hosts = new HostRepository(store);
        this.packages = new HostPackageRepository(store);
        this.catalog = new PackageCatalog(store);
    }

    /** The aggregates as the source items say they should be, by name. */
    public Map<String, PackageSummary> compute(TenantContext ctx) {
        return recompute(ctx).packages();
    }

    /** Every host's outdated and security counters as its package items say they should be. */
    public List<PackageCatalog.HostCounts> computeHostCounts(TenantContext ctx) {
        return recompute(ctx).hosts();
    }

    private record Recomputed(Map<String, PackageSummary> packages, List<PackageCatalog.HostCounts> hosts) {
    }

    private Recomputed recompute(TenantContext ctx) {
        Map<String, PackageSummary> known = new HashMap<>();
        catalog.list(ctx).forEach(s -> known.put(s.name(), s));
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, String> latest = new HashMap<>();
        List<PackageCatalog.HostCounts> hostCounts = new ArrayList<>();
        for (Host host : hosts.list(ctx)) {
            long updates = 0;
            long security = 0;
            for (HostPackage p : packages.list(ctx, host.id())) {
                long[] c = counts.computeIfAbsent(p.name(), n -> new long[3]);
                c[0]++;
                c[1] += p.needsUpdate() ? 1 : 0;
                c[2] += p.securityUpdate() ? 1 : 0;
                updates += p.needsUpdate() ? 1 : 0;
                security += p.securityUpdate() ? 1 : 0;
                latest.putIfAbsent(p.name(), p.availableVersion() != null ? p.availableVersion() : p.currentVersion());
            }
            if (updates != 0 || security != 0) {
                hostCounts.add(new PackageCatalog.HostCounts(host.id(), updates, security));
            }
        }
        Map<String, PackageSummary> result = new TreeMap<>();
        counts.forEach((name, c) -> {
            PackageSummary before = known.get(name);
            result.put(name, new PackageSummary(name, before == null ? null : before.description(), before == null ? null : before.category(),
                    before == null || before.latestVersion() == null ? latest.get(name) : before.latestVersion(), c[0], c[1], c[2]));
        });
        return new Recomputed(result, hostCounts);
    }

    /**
     * Corrects drift: the maintained aggregates and host counters become the recomputed ones,
     * rewriting only those that differ.
     *
     * @return how many aggregates and host counters had drifted
     */
    public int run(TenantContext ctx) {
        Recomputed fresh = recompute(ctx);
        return catalog.reconcile(ctx, List.copyOf(fresh.packages().values())) + catalog.reconcileHostCounts(ctx, fresh.hosts());
    }
}
