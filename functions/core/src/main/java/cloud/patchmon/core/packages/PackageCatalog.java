package cloud.patchmon.core.packages;

import cloud.patchmon.core.dashboard.FleetCounters;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fleet-wide package aggregates. Reports adjust them with atomic counter additions (no read,
 * one write per changed package); {@link #reconcile} rewrites them from the source items when a
 * recomputation corrects drift.
 *
 * <p>Each source repository of a package counts its hosts in a top-level attribute
 * {@code repo:<name>}, a number a report can ADD to without reading the item. The latest
 * version is a high-water mark kept by a conditional write on its {@link VersionOrder} sort key:
 * it only rises while hosts have the package, and starts again once none has.
 */
public final class PackageCatalog {

    private static final String PARTITION = "PACKAGES";
    private static final String TYPE = "package_summary";
    private static final String REPOSITORY_PREFIX = "repo:";
    private static final String LATEST_KEY = "latestVersionKey";

    private final ItemStore store;

    public PackageCatalog(ItemStore store) {
        this.store = store;
    }

    /** How one host's change moves a package's counters; {@code repositories} by source repository name. */
    public record Delta(long installed, long needingUpdate, long security, Map<String, Long> repositories) {

        /** Replacing {@code before} with {@code after} on one host; either may be absent. */
        public static Delta between(HostPackage before, HostPackage after) {
            Map<String, Long> repositories = new TreeMap<>();
            if (before != null && before.sourceRepository() != null) {
                repositories.merge(before.sourceRepository(), -1L, Long::sum);
            }
            if (after != null && after.sourceRepository() != null) {
                repositories.merge(after.sourceRepository(), 1L, Long::sum);
            }
            repositories.values().removeIf(d -> d == 0);
            return new Delta(
                    (after != null ? 1 : 0) - (before != null ? 1 : 0),
                    (after != null && after.needsUpdate() ? 1 : 0) - (before != null && before.needsUpdate() ? 1 : 0),
                    (after != null && after.securityUpdate() ? 1 : 0) - (before != null && before.securityUpdate() ? 1 : 0),
                    repositories);
        }
    }

    /**
     * The stored item: the summary's fields, the sort key of its latest version, and one counter
     * attribute per source repository.
     */
    static final class Stored {
        public String name;
        public String description;
        public String category;
        public String latestVersion;
        public String latestVersionKey;
        public long hostsInstalled;
        public long hostsNeedingUpdate;
        public long hostsSecurity;
        private final Map<String, Long> repositories = new TreeMap<>();

        @JsonAnySetter
        void other(String attribute, Object value) {
            if (attribute.startsWith(REPOSITORY_PREFIX) && value instanceof Number hosts) {
                repositories.put(attribute.substring(REPOSITORY_PREFIX.length()), hosts.longValue());
            }
        }

        @JsonAnyGetter
        Map<String, Long> repositoryCounters() {
            Map<String, Long> counters = new TreeMap<>();
            repositories.forEach((repository, hosts) -> counters.put(REPOSITORY_PREFIX + repository, hosts));
            return counters;
        }

        static Stored of(PackageSummary s) {
            Stored stored = new Stored();
            stored.name = s.name();
            stored.description = s.description();
            stored.category = s.category();
            stored.latestVersion = s.latestVersion();
            stored.latestVersionKey = s.latestVersion() == null ? null : VersionOrder.sortKey(s.latestVersion());
            stored.hostsInstalled = s.hostsInstalled();
            stored.hostsNeedingUpdate = s.hostsNeedingUpdate();
            stored.hostsSecurity = s.hostsSecurity();
            stored.repositories.putAll(s.sourceRepositories());
            return stored;
        }

        PackageSummary summary() {
            return new PackageSummary(name, description, category, latestVersion, hostsInstalled, hostsNeedingUpdate, hostsSecurity, repositories);
        }
    }

    private static ItemKey key(TenantContext ctx, String name) {
        return ItemKey.of(ctx, PARTITION, "PKG#" + name);
    }

    /**
     * @param version the version this host reports for the package: it becomes the latest if it is newer
     * @return what the change does to the dashboard's package counters: whether the package's hosts needing an update
     *         (or a security update) crossed zero, told from the counters the atomic addition returns, so it is exact
     *         however many hosts change the package at once
     */
    public FleetCounters.Delta adjust(TenantContext ctx, String name, Delta delta, String description, String category, String version) {
        Map<String, Long> add = new LinkedHashMap<>();
        add.put("hostsInstalled", delta.installed());
        add.put("hostsNeedingUpdate", delta.needingUpdate());
        add.put("hostsSecurity", delta.security());
        delta.repositories().forEach((repository, d) -> add.put(REPOSITORY_PREFIX + repository, d));
        Map<String, String> set = new LinkedHashMap<>();
        set.put("name", name);
        set.put("description", blankToNull(description));
        set.put("category", blankToNull(category));
        String latest = blankToNull(version);
        Map<String, Long> after = latest == null
                ? store.adjust(ctx, key(ctx, name), TYPE, add, set)
                : store.adjust(ctx, key(ctx, name), TYPE, add, set,
                        new ItemStore.HighWater(LATEST_KEY, VersionOrder.sortKey(latest), Map.of("latestVersion", latest), "hostsInstalled"));
        return FleetCounters.Delta.packages(crossing(after.get("hostsNeedingUpdate"), delta.needingUpdate()),
                crossing(after.get("hostsSecurity"), delta.security()));
    }

    /** +1 when a counter went from none to some, -1 from some to none, else 0. */
    private static long crossing(long after, long added) {
        return (after > 0 ? 1 : 0) - (after - added > 0 ? 1 : 0);
    }

    /** A package some host of the tenant has; empty when none has (or ever had) it. */
    public Optional<PackageSummary> find(TenantContext ctx, String name) {
        return store.get(ctx, key(ctx, name), Stored.class).map(Stored::summary).filter(s -> s.hostsInstalled() > 0);
    }

    public List<PackageSummary> list(TenantContext ctx) {
        return stored(ctx).stream().map(Stored::summary).filter(s -> s.hostsInstalled() > 0).toList();
    }

    private List<Stored> stored(TenantContext ctx) {
        return store.queryAll(ctx, QuerySpec.partition(PARTITION).sortBeginsWith("PKG#").limit(QuerySpec.MAX_LIMIT), Stored.class);
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
        List<Stored> stored = stored(ctx);
        Map<String, Stored> current = new LinkedHashMap<>();
        stored.forEach(s -> current.put(s.name, s));
        List<Stored> unwanted = stored.stream().filter(s -> !wanted.containsKey(s.name)).toList();
        List<Item<?>> changed = wanted.values().stream().filter(s -> !matches(current.get(s.name()), s))
                .<Item<?>>map(s -> Item.of(key(ctx, s.name()), TYPE, Stored.of(s))).toList();
        if (!changed.isEmpty() || !unwanted.isEmpty()) {
            store.writeAll(ctx, changed, unwanted.stream().map(s -> key(ctx, s.name)).toList());
        }
        return changed.size() + (int) unwanted.stream().filter(s -> s.hostsInstalled != 0).count();
    }

    /** An aggregate written before latest versions had sort keys lacks its key: that needs a rewrite too. */
    private static boolean matches(Stored stored, PackageSummary wanted) {
        return stored != null && stored.summary().equals(wanted) && Objects.equals(stored.latestVersionKey, Stored.of(wanted).latestVersionKey);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
