package cloud.patchmon.core.packages;

import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fleet-wide package aggregates. Reports adjust them with atomic counter additions (no read,
 * one write per changed package); {@link #reconcile} rewrites them from the source items when a
 * recomputation corrects drift. Beside them, one small counter item per host (its outdated and
 * security packages) answers "how many hosts are outdated" without reading any host's packages.
 */
public final class PackageCatalog {

    private static final String PARTITION = "PACKAGES";
    private static final String TYPE = "package_summary";
    private static final String HOST_TYPE = "host_package_counts";

    private final ItemStore store;

    public PackageCatalog(ItemStore store) {
        this.store = store;
    }

    /** How one host's change moves a package's counters. */
    public record Delta(long installed, long needingUpdate, long security) {
        public boolean isZero() {
            return installed == 0 && needingUpdate == 0 && security == 0;
        }
    }

    /** How many of one host's packages need an update, and how many of those are security updates. */
    public record HostCounts(String hostId, long updates, long security) {
    }

    private static ItemKey hostKey(TenantContext ctx, String hostId) {
        return ItemKey.of(ctx, PARTITION, "HOST#" + hostId);
    }

    private static ItemKey key(TenantContext ctx, String name) {
        return ItemKey.of(ctx, PARTITION, "PKG#" + name);
    }

    public void adjust(TenantContext ctx, String name, Delta delta, String description, String category, String latestVersion) {
        Map<String, Long> add = new LinkedHashMap<>();
        add.put("hostsInstalled", delta.installed());
        add.put("hostsNeedingUpdate", delta.needingUpdate());
        add.put("hostsSecurity", delta.security());
        Map<String, String> set = new LinkedHashMap<>();
        set.put("name", name);
        set.put("description", description == null || description.isBlank() ? null : description);
        set.put("category", category == null || category.isBlank() ? null : category);
        set.put("latestVersion", latestVersion == null || latestVersion.isBlank() ? null : latestVersion);
        store.adjust(ctx, key(ctx, name), TYPE, add, set);
    }

    /** Moves a host's counters by what one report changed; called only when something did. */
    public void adjustHost(TenantContext ctx, String hostId, long updates, long security) {
        store.adjust(ctx, hostKey(ctx, hostId), HOST_TYPE, Map.of("updates", updates, "security", security), Map.of("hostId", hostId));
    }

    public List<HostCounts> hostCounts(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(PARTITION).sortBeginsWith("HOST#").limit(QuerySpec.MAX_LIMIT), HostCounts.class);
    }

    public void removeHost(TenantContext ctx, String hostId) {
        store.delete(ctx, hostKey(ctx, hostId));
    }

    /**
     * Makes every host's counters equal {@code counts} (a recomputation, hosts with nothing
     * outdated omitted), writing only those that differ; zeroed counters are tidied away.
     *
     * @return how many counters had drifted
     */
    public int reconcileHostCounts(TenantContext ctx, List<HostCounts> counts) {
        Map<String, HostCounts> wanted = counts.stream().collect(Collectors.toMap(HostCounts::hostId, c -> c));
        List<HostCounts> stored = hostCounts(ctx);
        Map<String, HostCounts> current = stored.stream().collect(Collectors.toMap(HostCounts::hostId, c -> c));
        List<HostCounts> unwanted = stored.stream().filter(c -> !wanted.containsKey(c.hostId())).toList();
        List<Item<?>> changed = counts.stream().filter(c -> !c.equals(current.get(c.hostId())))
                .<Item<?>>map(c -> Item.of(hostKey(ctx, c.hostId()), HOST_TYPE, c)).toList();
        if (!changed.isEmpty() || !unwanted.isEmpty()) {
            store.writeAll(ctx, changed, unwanted.stream().map(c -> hostKey(ctx, c.hostId())).toList());
        }
        return changed.size() + (int) unwanted.stream().filter(c -> c.updates() != 0 || c.security() != 0).count();
    }

    /** A package some host of the tenant has; empty when none has (or ever had) it. */
    public Optional<PackageSummary> find(TenantContext ctx, String name) {
        return store.get(ctx, key(ctx, name), PackageSummary.class).filter(s -> s.hostsInstalled() > 0);
    }

    public List<PackageSummary> list(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(PARTITION).sortBeginsWith("PKG#").limit(QuerySpec.MAX_LIMIT), PackageSummary.class)
                .stream().filter(s -> s.hostsInstalled() > 0).toList();
    }

    /**
     * Makes the aggregates equal {@code summaries} (a recomputation), writing only the ones that
     * differ: a daily correction of a quiet fleet writes nothing. Aggregates whose counters
     * reached zero (the last host dropped the package) are deleted as well; they are tidying,
     * not drift.
     *
     * @return how many aggregates had drifted (rewritten, or removed while still counting hosts)
     */
    public int reconcile(TenantContext ctx, List<PackageSummary> summaries) {
        Map<String, PackageSummary> wanted = new LinkedHashMap<>();
        summaries.stream().filter(s -> s.hostsInstalled() > 0).forEach(s -> wanted.put(s.name(), s));
        List<PackageSummary> stored = store.queryAll(ctx, QuerySpec.partition(PARTITION).sortBeginsWith("PKG#").limit(QuerySpec.MAX_LIMIT), PackageSummary.class);
        Map<String, PackageSummary> current = new LinkedHashMap<>();
        stored.forEach(s -> current.put(s.name(), s));
        List<PackageSummary> unwanted = stored.stream().filter(s -> !wanted.containsKey(s.name())).toList();
        List<Item<?>> changed = wanted.values().stream().filter(s -> !s.equals(current.get(s.name())))
                .<Item<?>>map(s -> Item.of(key(ctx, s.name()), TYPE, s)).toList();
        if (!changed.isEmpty() || !unwanted.isEmpty()) {
            store.writeAll(ctx, changed, unwanted.stream().map(s -> key(ctx, s.name())).toList());
        }
        return changed.size() + (int) unwanted.stream().filter(s -> s.hostsInstalled() != 0).count();
    }
}
