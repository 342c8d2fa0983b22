package cloud.patchmon.core.dashboard;

import cloud.patchmon.core.health.HostHealthRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Dashboard's cards (chapter 1; chapter 6's Outdated Packages card), shaped like upstream PatchMon's dashboard stats.
 * Read from the {@link FleetCounters}, which reports, check-ins, host creation and deletion keep up to date: one get
 * of one small item, whatever the fleet and package count. Offline hosts are the host-health sweep's count
 * ({@code HostHealth.offline}, one more small get), so the card follows the Hosts list's inactive status within a
 * minute (the sweep's schedule).
 */
public final class DashboardService {

    private final FleetCounters counters;
    private final HostHealthRepository health;
    private final Clock clock;

    public DashboardService(ItemStore store, Clock clock) {
        this.counters = new FleetCounters(store);
        this.health = new HostHealthRepository(store);
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
        FleetCounters.Snapshot c = counters.read(ctx);
        long reported = c.get(FleetCounters.REPORTED);
        long needingUpdates = c.get(FleetCounters.OUTDATED);
        long offline = health.offline(ctx).hosts();
        long outdatedPackages = c.get(FleetCounters.PACKAGES_OUTDATED);
        long securityPackages = c.get(FleetCounters.PACKAGES_SECURITY);
        Cards cards = new Cards(reported, needingUpdates, reported - needingUpdates, c.get(FleetCounters.SECURITY),
                c.get(FleetCounters.REBOOT), offline, c.get(FleetCounters.PENDING), outdatedPackages, securityPackages,
                c.get(FleetCounters.SECURITY_UPDATES));
        Charts charts = new Charts(osDistribution(c.byOs()),
                List.of(new NamedCount("Up to date", cards.upToDateHosts()), new NamedCount("Needs updates", needingUpdates),
                        new NamedCount("Offline", offline)),
                List.of(new NamedCount("Security", securityPackages), new NamedCount("Regular", outdatedPackages - securityPackages)));
        return new Stats(cards, charts, now);
    }

    /** Most common first; ties by name so the chart does not reshuffle between loads. */
    private static List<NamedCount> osDistribution(Map<String, Long> byOs) {
        return byOs.entrySet().stream().map(e -> new NamedCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(NamedCount::count).reversed().thenComparing(NamedCount::name)).toList();
    }
}
