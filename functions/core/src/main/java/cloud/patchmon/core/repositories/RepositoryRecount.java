package cloud.patchmon.core.repositories;

import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes every repository record's host counters from its membership items and corrects the
 * maintained ones: the drift correction a periodic job runs next to the package recount, and the
 * oracle tests compare the maintained counters with.
 */
public final class RepositoryRecount {

    private final RepositoryCatalog catalog;

    public RepositoryRecount(ItemStore store, Clock clock) {
        this.catalog = new RepositoryCatalog(store, clock);
    }

    /** Hosts and enabled hosts per repository id, as the memberships say. */
    public record Counts(long hosts, long hostsEnabled) {
    }

    public Map<String, Counts> compute(TenantContext ctx) {
        Map<String, Counts> counts = new TreeMap<>();
        for (Repository r : catalog.list(ctx)) {
            List<RepositoryLink> links = catalog.links(ctx, r.id());
            counts.put(r.id(), new Counts(links.size(), links.stream().filter(RepositoryLink::enabled).count()));
        }
        return counts;
    }

    /**
     * Corrects drift. A record a report changes meanwhile is left for the next run rather than
     * overwritten with counts that may already be stale.
     *
     * @return how many records were corrected
     */
    public int run(TenantContext ctx) {
        int corrected = 0;
        List<String> bare = new ArrayList<>();
        for (Repository r : catalog.all(ctx)) {
            if (r.url() == null) {
                bare.add(r.id());
                continue;
            }
            List<RepositoryLink> links = catalog.links(ctx, r.id());
            long hosts = links.size();
            long enabled = links.stream().filter(RepositoryLink::enabled).count();
            if (hosts != r.hosts() || enabled != r.hostsEnabled()) {
                Repository fixed = new Repository(r.id(), r.url(), r.distribution(), r.components(), r.repoType(), r.secure(), r.reportedName(),
                        r.name(), r.description(), r.priority(), r.deactivated(), hosts, enabled, r.version() + 1, r.updatedAt());
                if (catalog.replace(ctx, fixed, r.version())) {
                    corrected++;
                }
            }
        }
        catalog.removeBare(ctx, bare);
        return corrected;
    }
}
