package cloud.patchmon.core.integrations;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.ReportActivity;
import cloud.patchmon.core.repositories.Repository;
import cloud.patchmon.core.repositories.RepositoryCatalog;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gethomepage widget's figures (chapter 27). Three small reads, none of them of a package item: the host items
 * (which carry their package counts), the fleet repository records and the hourly report counters, so the cost follows
 * the number of hosts and repositories, never how many packages they have.
 */
public final class HomepageStatsService {

    private final HostRepository hosts;
    private final RepositoryCatalog repositories;
    private final ReportActivity activity;
    private final Clock clock;

    public HomepageStatsService(ItemStore store, Clock clock) {
        this.hosts = new HostRepository(store);
        this.repositories = new RepositoryCatalog(store, clock);
        this.activity = new ReportActivity(store);
        this.clock = clock;
    }

    /**
     * One operating system and version: {@code name} is the OS (Ubuntu), {@code osType} its family (linux), as the
     * chapter's example shows.
     */
    public record OsCount(String name, long count, String osType, String osVersion) {
    }

    /**
     * Host figures count active hosts (those that have reported), as the dashboard's cards do.
     *
     * @param totalOutdatedPackages the sum over hosts of their outdated packages
     * @param securityUpdates       the sum over hosts of their security updates
     * @param totalRepos            active repositories (enabled on a host, not deactivated)
     * @param recentUpdates24h      reports received in the last 24 hours (whole hours)
     */
    public record Stats(long totalHosts, long totalOutdatedPackages, long totalRepos, long hostsNeedingUpdates, long upToDateHosts,
                        long securityUpdates, long hostsWithSecurityUpdates, long recentUpdates24h, List<OsCount> osDistribution,
                        Instant lastUpdated) {
    }

    public Stats stats(TenantContext ctx) {
        List<Host> active = hosts.list(ctx).stream().filter(h -> Host.ACTIVE.equals(h.status())).toList();
        long needing = active.stream().filter(h -> h.counts().outdated() > 0).count();
        return new Stats(active.size(),
                active.stream().mapToLong(h -> h.counts().outdated()).sum(),
                repositories.list(ctx).stream().filter(Repository::active).count(),
                needing, active.size() - needing,
                active.stream().mapToLong(h -> h.counts().security()).sum(),
                active.stream().filter(h -> h.counts().security() > 0).count(),
                activity.last24Hours(ctx),
                osDistribution(active), clock.instant());
    }

    /** Most common first; ties by name and version so the order is stable between polls. */
    static List<OsCount> osDistribution(List<Host> active) {
        record Os(String name, String version) {
        }
        Map<Os, long[]> counts = new TreeMap<>(Comparator.comparing(Os::name).thenComparing(Os::version));
        Map<Os, String> families = new TreeMap<>(Comparator.comparing(Os::name).thenComparing(Os::version));
        for (Host h : active) {
            Os os = new Os(h.osType() == null || h.osType().isBlank() ? "Unknown" : h.osType(), h.osVersion() == null ? "" : h.osVersion());
            counts.computeIfAbsent(os, k -> new long[1])[0]++;
            families.putIfAbsent(os, h.osFamily());
        }
        return counts.entrySet().stream()
                .map(e -> new OsCount(e.getKey().name(), e.getValue()[0], families.get(e.getKey()), e.getKey().version()))
                .sorted(Comparator.comparingLong(OsCount::count).reversed())
                .toList();
    }
}
