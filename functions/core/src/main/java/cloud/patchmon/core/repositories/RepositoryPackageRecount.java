package cloud.patchmon.core.repositories;

import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostPackageRepository;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.repositories.RepositoryPackages.RepositoryPackage;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Recomputes "packages per repository" from every host's packages and repository list, and
 * corrects the maintained aggregates: the drift correction of the daily fleet recount, and the
 * oracle the property test compares with. It reads every host's partition, which a scheduled
 * job may and a page view must not.
 */
public final class RepositoryPackageRecount {

    private final HostRepository hosts;
    private final HostPackageRepository packages;
    private final ReportService reports;
    private final RepositoryCatalog catalog;
    private final RepositoryPackages aggregates;

    public RepositoryPackageRecount(ItemStore store, Clock clock) {
        this.hosts = new HostRepository(store);
        this.packages = new HostPackageRepository(store);
        this.reports = new ReportService(store, clock);
        this.catalog = new RepositoryCatalog(store, clock);
        this.aggregates = new RepositoryPackages(store);
    }

    /** Repository id → package name → the aggregate the source items imply. */
    public Map<String, Map<String, RepositoryPackage>> compute(TenantContext ctx) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (Host host : hosts.list(ctx)) {
            Collection<ReportedRepository> repositories = ReportedRepository.of(reports.details(ctx, host.id()).repositories()).values();
            if (repositories.isEmpty()) {
                continue;
            }
            for (HostPackage p : packages.list(ctx, host.id())) {
                for (String id : RepositoryPackages.delivering(repositories, p.sourceRepository())) {
                    counts.computeIfAbsent(id, i -> new TreeMap<>()).merge(p.name(), 1L, Long::sum);
                }
            }
        }
        Map<String, Map<String, RepositoryPackage>> result = new TreeMap<>();
        counts.forEach((id, byName) -> {
            Map<String, RepositoryPackage> rows = new TreeMap<>();
            byName.forEach((name, hostCount) -> rows.put(name, new RepositoryPackage(name, hostCount)));
            result.put(id, rows);
        });
        return result;
    }

    /**
     * Corrects drift for every repository record and every repository a host reports.
     *
     * @return how many aggregates had drifted
     */
    public int run(TenantContext ctx) {
        Map<String, Map<String, RepositoryPackage>> wanted = compute(ctx);
        Set<String> ids = new TreeSet<>(wanted.keySet());
        catalog.all(ctx).forEach(r -> ids.add(r.id()));
        int drifted = 0;
        for (String id : ids) {
            drifted += aggregates.reconcile(ctx, id, wanted.getOrDefault(id, Map.of()).values());
        }
        return drifted;
    }
}
