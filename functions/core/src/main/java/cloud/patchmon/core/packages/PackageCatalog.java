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

/**
 * The fleet-wide package aggregates. Reports adjust them with atomic counter additions (no read,
 * one write per changed package); {@link #reconcile} rewrites them from the source items when a
 * recomputation corrects drift. Beside them, one small counter item per host (its outdated and
 * security packages) answers "how many hosts are outdated" without reading any host's packages.
 */
public final class PackageCatalog {

    private static final String PARTITION = "PACKAGES";
    private static final String TYPE = "package_summary";

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
