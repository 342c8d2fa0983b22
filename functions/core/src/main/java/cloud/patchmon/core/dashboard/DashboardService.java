package cloud.patchmon.core.dashboard;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.HostStatus;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.packages.PackageSummary;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.TenantRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Dashboard's cards (chapter 1; chapter 6's Outdated Packages card), shaped like upstream PatchMon's dashboard stats.
 * Built from one query of the small host items, which carry their package counts, and one of the fleet package
 * aggregates: never from a host's package items.
 */
public final class DashboardService {

    private final HostRepository hosts;
    private final TenantRepository tenants;
    private final PackageCatalog catalog;
    private final Clock clock;

    public DashboardService(ItemStore store, Clock clock) {
        this.hosts = new HostRepository(store);
        this.tenants = new TenantRepository(store);
        this.catalog = new PackageCatalog(store);
        this.clock = clock;
    }

    /**
     * Host figures count hosts that have reported (upstream counts active hosts; pending ones are counted apart).
     *
     * @param securityUpdates         security updates pending across all hosts (one per host and package)
     * @param totalOutdatedPackages   packages with at least one host needing an update (the Packages page's figure)
     * @param securityPackages        packages with at least one host needing a security update
     * @param offlineHosts            reported hosts that are stale under the tenant's rule
     */
    public record Cards(long totalHosts, long hostsNeedingUpdates, long upToDateHosts, long hostsWithSecurityUpdates,
                        long hostsNeedingReboot, long offlineHosts, long pendingHosts, long totalOutdatedPackages,
                        long securityPackages, long securityUpdates) {
    }

    public record NamedCount(String name, long count) {
    }

    public record Charts(List<NamedCount> osDistribution, List<NamedCount> updateStatusDistribution,
                         List<NamedCount> packageUpdateDistribution) {
    }

    public record Stats(Cards cards, Charts charts, Instant lastUpdated) {
    }

    public Stats stats(TenantContext ctx) {
        Instant now = clock.instant();
        HostStatus.Rule rule = HostStatus.Rule.of(tenants.settings(ctx), now);
        List<Host> all = hosts.list(ctx);
        List<Host> reported = all.stream().filter(h -> Host.ACTIVE.equals(h.status())).toList();
        long needingUpdates = reported.stream().filter(h -> h.counts().outdated() > 0).count();
        long offline = reported.stream().filter(h -> rule.of(h).stale()).count();
        long securityUpdates = reported.stream().mapToLong(h -> h.counts().security()).sum();

        List<PackageSummary> packages = catalog.list(ctx);
        long outdatedPackages = packages.stream().filter(p -> p.hostsNeedingUpdate() > 0).count();
        long securityPackages = packages.stream().filter(p -> p.hostsSecurity() > 0).count();

        Cards cards = new Cards(reported.size(), needingUpdates, reported.size() - needingUpdates,
                reported.stream().filter(h -> h.counts().security() > 0).count(),
                reported.stream().filter(Host::needsReboot).count(), offline, all.size() - reported.size(),
                outdatedPackages, securityPackages, securityUpdates);
        Charts charts = new Charts(osDistribution(reported),
                List.of(new NamedCount("Up to date", cards.upToDateHosts()), new NamedCount("Needs updates", needingUpdates),
                        new NamedCount("Offline", offline)),
                List.of(new NamedCount("Security", securityPackages), new NamedCount("Regular", outdatedPackages - securityPackages)));
        return new Stats(cards, charts, now);
    }

    /** Most common first; ties by name so the chart does not reshuffle between loads. */
    private static List<NamedCount> osDistribution(List<Host> reported) {
        Map<String, Long> byOs = new TreeMap<>();
        reported.forEach(h -> byOs.merge(h.osType() == null || h.osType().isBlank() ? "Unknown" : h.osType(), 1L, Long::sum));
        return byOs.entrySet().stream().map(e -> new NamedCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(NamedCount::count).reversed().thenComparing(NamedCount::name)).toList();
    }
}
