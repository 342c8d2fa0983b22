package cloud.patchmon.core.repositories;

import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.protocol.RepositoryEntry;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * "Packages from this Repository" (chapter 7): one small aggregate per (repository, package)
 * counting the hosts that have the package from that repository. Agents label each package
 * with its source ({@code sourceRepository}); a label is resolved against the reporting host's
 * own repository list, so it only ever counts for repositories that host uses. Reports move the
 * aggregates by their diff with counter additions (no read), like the fleet package aggregates,
 * so the detail page reads one partition whose size is the repository's package count, whatever
 * the number of hosts. Only the host count is kept: a version or update-state change then
 * writes nothing here, so the common report (updates appearing, being installed) costs no more
 * than before; update state stays on the fleet aggregate and the package's own page.
 */
public final class RepositoryPackages {

    private static final String TYPE = "repository_package";

    private final ItemStore store;

    public RepositoryPackages(ItemStore store) {
        this.store = store;
    }

    /** A package some hosts have from one repository. */
    public record RepositoryPackage(String name, long hosts) {
    }

    static String partition(String repositoryId) {
        return "REPOPKGS#" + repositoryId;
    }

    private static ItemKey key(TenantContext ctx, String repositoryId, String name) {
        return ItemKey.of(ctx, partition(repositoryId), "PKG#" + name);
    }

    /**
     * The repositories among {@code hostRepositories} that deliver a package labelled {@code source}.
     * Agents write the label in several ways: a repository's name ({@code baseos}), its distribution
     * or suite ({@code jammy-security}), its URL, or {@code <name> <suite>/<component>}
     * ({@code ubuntu jammy/main}); apt lists a package's suites comma-separated. Matching ignores case.
     * When two of the host's repositories fit one label (two sources with the suite {@code bookworm},
     * say) the package counts for both: the label does not tell them apart.
     */
    public static Set<String> delivering(Collection<ReportedRepository> hostRepositories, String source) {
        Set<String> ids = new LinkedHashSet<>();
        if (source == null || source.isBlank()) {
            return ids;
        }
        for (String raw : source.split(",")) {
            String label = raw.trim().toLowerCase(Locale.ROOT);
            if (label.isEmpty()) {
                continue;
            }
            for (ReportedRepository r : hostRepositories) {
                if (matches(label, r)) {
                    ids.add(r.id());
                }
            }
        }
        return ids;
    }

    private static boolean matches(String label, ReportedRepository r) {
        String[] parts = label.split("\\s+");
        if (parts.length == 2) {
            return namesOrLocates(parts[0], r) && suiteMatches(parts[1], r);
        }
        return parts.length == 1 && (namesOrLocates(label, r) || suiteMatches(label, r));
    }

    /** The repository's name, or its URL (apt names a flat repository by its URL, maybe with a trailing slash). */
    private static boolean namesOrLocates(String label, ReportedRepository r) {
        return !r.name().isEmpty() && label.equals(r.name().toLowerCase(Locale.ROOT))
                || ReportedRepository.normaliseUrl(label).equals(r.url().toLowerCase(Locale.ROOT));
    }

    /** {@code suite} or {@code suite/component}; a suite may itself hold a slash ({@code stretch/updates}). */
    private static boolean suiteMatches(String label, ReportedRepository r) {
        String distribution = r.distribution().toLowerCase(Locale.ROOT);
        if (distribution.isEmpty()) {
            return false;
        }
        if (label.equals(distribution)) {
            return true;
        }
        int slash = label.lastIndexOf('/');
        return slash > 0 && label.substring(0, slash).equals(distribution)
                && Arrays.asList(r.components().toLowerCase(Locale.ROOT).split("\\s+")).contains(label.substring(slash + 1));
    }

    /** Whether two repository lists of one host would attribute some label differently. */
    public static boolean attributionDiffers(List<RepositoryEntry> before, List<RepositoryEntry> after) {
        return !attributionKey(ReportedRepository.of(before).values()).equals(attributionKey(ReportedRepository.of(after).values()));
    }

    private static Set<String> attributionKey(Collection<ReportedRepository> repositories) {
        return repositories.stream().map(r -> r.id() + "\n" + r.name().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Follows one host from (its repositories, its packages) {@code before} to {@code after}; either
     * side may be empty (a first report, a deleted host). Writes one counter addition per
     * (repository, package) whose host count moves: a package installed, removed or relabelled,
     * or a repository list that attributes it differently.
     */
    public void follow(TenantContext ctx, List<RepositoryEntry> repositoriesBefore, Collection<HostPackage> before,
                       List<RepositoryEntry> repositoriesAfter, Collection<HostPackage> after) {
        Collection<ReportedRepository> oldRepositories = ReportedRepository.of(repositoriesBefore).values();
        Collection<ReportedRepository> newRepositories = ReportedRepository.of(repositoriesAfter).values();
        boolean sameRepositories = attributionKey(oldRepositories).equals(attributionKey(newRepositories));
        Map<String, HostPackage> was = byName(before);
        Map<String, HostPackage> now = byName(after);
        Set<String> names = new LinkedHashSet<>(was.keySet());
        names.addAll(now.keySet());
        Map<String, Map<String, Long>> deltas = new TreeMap<>();
        for (String name : names) {
            HostPackage old = was.get(name);
            HostPackage current = now.get(name);
            String oldSource = old == null ? null : old.sourceRepository();
            String newSource = current == null ? null : current.sourceRepository();
            if (sameRepositories && (old == null) == (current == null) && Objects.equals(oldSource, newSource)) {
                continue;
            }
            if (old != null) {
                delivering(oldRepositories, oldSource).forEach(id -> deltas.computeIfAbsent(id, i -> new TreeMap<>()).merge(name, -1L, Long::sum));
            }
            if (current != null) {
                delivering(newRepositories, newSource).forEach(id -> deltas.computeIfAbsent(id, i -> new TreeMap<>()).merge(name, 1L, Long::sum));
            }
        }
        deltas.forEach((id, byPackage) -> byPackage.forEach((name, d) -> {
            if (d != 0) {
                store.adjust(ctx, key(ctx, id, name), TYPE, Map.of("hosts", d), Map.of("name", name));
            }
        }));
    }

    private static Map<String, HostPackage> byName(Collection<HostPackage> packages) {
        Map<String, HostPackage> byName = new HashMap<>();
        packages.forEach(p -> byName.put(p.name(), p));
        return byName;
    }

    /** The packages some host has from the repository: one query of its partition. */
    public List<RepositoryPackage> list(TenantContext ctx, String repositoryId) {
        return stored(ctx, repositoryId).stream().filter(p -> p.hosts() > 0).toList();
    }

    List<RepositoryPackage> stored(TenantContext ctx, String repositoryId) {
        return store.queryAll(ctx, QuerySpec.partition(partition(repositoryId)).sortBeginsWith("PKG#").limit(QuerySpec.MAX_LIMIT),
                RepositoryPackage.class);
    }

    /** Drops every aggregate of a deleted repository record. */
    void remove(TenantContext ctx, String repositoryId) {
        store.writeAll(ctx, List.of(), store.keys(ctx, partition(repositoryId)));
    }

    /**
     * Makes one repository's aggregates equal {@code wanted}, writing only those that differ and
     * deleting those no host counts any more.
     *
     * @return how many had drifted (rewritten, or removed while still counting hosts)
     */
    int reconcile(TenantContext ctx, String repositoryId, Collection<RepositoryPackage> wanted) {
        Map<String, RepositoryPackage> target = new HashMap<>();
        wanted.stream().filter(p -> p.hosts() > 0).forEach(p -> target.put(p.name(), p));
        List<RepositoryPackage> current = stored(ctx, repositoryId);
        Map<String, RepositoryPackage> byName = new HashMap<>();
        current.forEach(p -> byName.put(p.name(), p));
        List<Item<?>> puts = target.values().stream().filter(p -> !p.equals(byName.get(p.name())))
                .<Item<?>>map(p -> Item.of(key(ctx, repositoryId, p.name()), TYPE, p))
                .toList();
        List<RepositoryPackage> unwanted = current.stream().filter(p -> !target.containsKey(p.name())).toList();
        if (!puts.isEmpty() || !unwanted.isEmpty()) {
            store.writeAll(ctx, puts, unwanted.stream().map(p -> key(ctx, repositoryId, p.name())).toList());
        }
        return puts.size() + (int) unwanted.stream().filter(p -> p.hosts() != 0).count();
    }
}
