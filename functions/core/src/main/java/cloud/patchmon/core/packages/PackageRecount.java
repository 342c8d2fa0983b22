package cloud.patchmon.core.packages;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostPackageRepository;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /**
     * The aggregates as the source items say they should be, by name. The latest version is the
     * newer of the maintained one (a version seen earlier counts while hosts still have the
     * package) and the newest any host reports now.
     */
    public Map<String, PackageSummary> compute(TenantContext ctx) {
        Map<String, PackageSummary> known = new HashMap<>();
        catalog.list(ctx).forEach(s -> known.put(s.name(), s));
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, String> newest = new HashMap<>();
        Map<String, Map<String, Long>> repositories = new HashMap<>();
        for (Host host : hosts.list(ctx)) {
            for (HostPackage p : packages.list(ctx, host.id())) {
                long[] c = counts.computeIfAbsent(p.name(), n -> new long[3]);
                c[0]++;
                c[1] += p.needsUpdate() ? 1 : 0;
                c[2] += p.securityUpdate() ? 1 : 0;
                newest.merge(p.name(), Objects.requireNonNullElse(p.newestKnownVersion(), ""), PackageRecount::newer);
                if (p.sourceRepository() != null) {
                    repositories.computeIfAbsent(p.name(), n -> new TreeMap<>()).merge(p.sourceRepository(), 1L, Long::sum);
                }
            }
        }
        Map<String, PackageSummary> result = new TreeMap<>();
        counts.forEach((name, c) -> {
            PackageSummary before = known.get(name);
            result.put(name, new PackageSummary(name, before == null ? null : before.description(), before == null ? null : before.category(),
                    newer(before == null ? null : before.latestVersion(), newest.get(name)),
                    c[0], c[1], c[2], repositories.get(name)));
        });
        return result;
    }

    /** The newer of two versions, the first on a tie; {@code null} or blank is no version. */
    private static String newer(String first, String second) {
        if (second == null || second.isBlank()) {
            return first == null || first.isBlank() ? null : first;
        }
        return first == null || first.isBlank() || VersionOrder.compare(first, second) < 0 ? second : first;
    }

    /**
     * Corrects drift: the maintained aggregates become the recomputed ones, rewriting only those
     * that differ. (A host's own counts need no correction: each report sets them from its full list.)
     *
     * @return how many aggregates had drifted
     */
    public int run(TenantContext ctx) {
        return catalog.reconcile(ctx, List.copyOf(compute(ctx).values()));
    }
}
