package cloud.patchmon.core.packages;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostPackageRepository;
import cloud.patchmon.core.hosts.HostPackageRepository.Installation;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The Packages page and the Package Detail page (chapter 6): the fleet inventory with its filters,
 * sorting and pages, read from the aggregates; a package's hosts, read from the package index.
 */
public final class PackageQueryService {

    public static final Set<Integer> PAGE_SIZES = Set.of(25, 50, 100, 200);
    /** Up to this many hosts are read one by one; beyond, one query of the host list is cheaper. */
    static final int HOST_GETS = 25;
    /** Longer names cannot be a stored key (a sort key holds at most 1,024 bytes). */
    private static final int MAX_NAME_BYTES = 1000;

    private final PackageCatalog catalog;
    private final HostRepository hosts;
    private final HostPackageRepository hostPackages;

    public PackageQueryService(ItemStore store) {
        this.catalog = new PackageCatalog(store);
        this.hosts = new HostRepository(store);
        this.hostPackages = new HostPackageRepository(store);
    }

    /** The page's query: {@code filter} is all, outdated, security (or security-updates) or regular. */
    public record Query(String search, String category, String filter, String hostId, String sort, String order, int page, int limit) {
    }

    /**
     * The summary cards. Packages, installations and the outdated and security package counts
     * follow every filter; outdated hosts follows the update-status and host filters (the hosts
     * with at least one update of that kind), since the card leads to the Hosts page.
     */
    public record Summary(long packages, long installations, long outdatedPackages, long securityPackages, long outdatedHosts) {
    }

    /** @param categories every category of the unfiltered list, for the category select */
    public record Result(List<PackageSummary> packages, int page, int limit, int total, Summary summary, List<String> categories) {
        public int pages() {
            return pageCount(total, limit);
        }
    }

    /** A package's detail header: its aggregate, the repositories that supply it and its latest report. */
    public record Detail(PackageSummary summary, List<RepositoryUse> repositories, Instant lastReportedAt) {
        public long upToDate() {
            return summary.hostsInstalled() - summary.hostsNeedingUpdate();
        }
    }

    /** A source repository of a package and on how many hosts it supplies it. */
    public record RepositoryUse(String name, long hosts) {
    }

    /** The Hosts tab's query: {@code onlyPending} keeps the hosts that need the update. */
    public record HostsQuery(boolean onlyPending, String search, int page, int limit) {
    }

    /** One host that has the package. */
    public record PackageHost(Host host, Installation installation) {
    }

    public record HostsResult(List<PackageHost> hosts, int page, int limit, int total) {
        public int pages() {
            return pageCount(total, limit);
        }
    }

    private static int pageCount(int total, int limit) {
        return total == 0 ? 0 : (total + limit - 1) / limit;
    }

    /** A row's source repositories, those supplying the most hosts first (the page shows the first three). */
    public static List<RepositoryUse> sourceRepositories(PackageSummary p) {
        return p.sourceRepositories().entrySet().stream().map(e -> new RepositoryUse(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(RepositoryUse::hosts).reversed()
                        .thenComparing(RepositoryUse::name, String.CASE_INSENSITIVE_ORDER).thenComparing(RepositoryUse::name))
                .toList();
    }

    /** Security first, then updates, then up to date: ascending order puts the riskiest on top. */
    public static int statusRank(PackageSummary p) {
        return p.hostsSecurity() > 0 ? 0 : p.hostsNeedingUpdate() > 0 ? 1 : 2;
    }

    public Result search(TenantContext ctx, Query query) {
        validate(query);
        boolean oneHost = query.hostId() != null && !query.hostId().isBlank();
        List<PackageSummary> source = oneHost ? hostInventory(ctx, query.hostId()) : catalog.list(ctx);
        String needle = query.search() == null ? "" : query.search().trim().toLowerCase(Locale.ROOT);
        Predicate<PackageSummary> matches = p -> (needle.isEmpty() || p.name().toLowerCase(Locale.ROOT).contains(needle))
                && (query.category() == null || query.category().isBlank() || query.category().equalsIgnoreCase(p.category()))
                && status(query.filter()).test(p);
        List<PackageSummary> filtered = source.stream().filter(matches).sorted(comparator(query)).toList();
        // Host items are small and carry their counts as of the last report: one query of the host list.
        Predicate<Host.PackageCounts> outdated = hostStatus(query.filter());
        long outdatedHosts = hosts.list(ctx).stream()
                .filter(h -> !oneHost || h.id().equals(query.hostId())).map(Host::counts).filter(outdated).count();
        Summary summary = new Summary(filtered.size(), filtered.stream().mapToLong(PackageSummary::hostsInstalled).sum(),
                filtered.stream().filter(p -> p.hostsNeedingUpdate() > 0).count(), filtered.stream().filter(p -> p.hostsSecurity() > 0).count(),
                outdatedHosts);
        List<String> categories = source.stream().map(PackageSummary::category).filter(Objects::nonNull).distinct()
                .sorted(String.CASE_INSENSITIVE_ORDER).toList();
        int from = Math.min(filtered.size(), (query.page() - 1) * query.limit());
        return new Result(filtered.subList(from, Math.min(filtered.size(), from + query.limit())), query.page(), query.limit(),
                filtered.size(), summary, categories);
    }

    /** @throws DomainException not found when no host of the tenant has the package */
    public Detail detail(TenantContext ctx, String name) {
        PackageSummary summary = requirePackage(ctx, name);
        List<Installation> installs = hostPackages.installations(ctx, name);
        Map<String, Long> repositories = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        installs.stream().map(Installation::sourceRepository).filter(Objects::nonNull).forEach(r -> repositories.merge(r, 1L, Long::sum));
        Instant lastReported = hostsById(ctx, installs.stream().map(Installation::hostId).toList()).values().stream()
                .map(Host::lastUpdate).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        return new Detail(summary, repositories.entrySet().stream().map(e -> new RepositoryUse(e.getKey(), e.getValue())).toList(), lastReported);
    }

    /** The hosts that have the package: security updates first, then other updates, then by name. */
    public HostsResult hosts(TenantContext ctx, String name, HostsQuery query) {
        checkPaging(query.page(), query.limit());
        requirePackage(ctx, name);
        List<Installation> installs = hostPackages.installations(ctx, name).stream()
                .filter(i -> !query.onlyPending() || i.needsUpdate()).toList();
        Map<String, Host> byId = hostsById(ctx, installs.stream().map(Installation::hostId).toList());
        String needle = query.search() == null ? "" : query.search().trim().toLowerCase(Locale.ROOT);
        List<PackageHost> rows = installs.stream().filter(i -> byId.containsKey(i.hostId()))
                .map(i -> new PackageHost(byId.get(i.hostId()), i))
                .filter(r -> needle.isEmpty() || contains(r.host().friendlyName(), needle) || contains(r.host().hostname(), needle))
                .sorted(Comparator.comparing((PackageHost r) -> !r.installation().securityUpdate())
                        .thenComparing(r -> !r.installation().needsUpdate())
                        .thenComparing(r -> Objects.requireNonNullElse(r.host().friendlyName(), ""), String.CASE_INSENSITIVE_ORDER))
                .toList();
        int from = Math.min(rows.size(), (query.page() - 1) * query.limit());
        return new HostsResult(rows.subList(from, Math.min(rows.size(), from + query.limit())), query.page(), query.limit(), rows.size());
    }

    private PackageSummary requirePackage(TenantContext ctx, String name) {
        if (name == null || name.isBlank() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw DomainException.notFound("Package not found");
        }
        return catalog.find(ctx, name).orElseThrow(() -> DomainException.notFound("Package not found"));
    }

    /** A few hosts by key; many by one query of the tenant's host list, which then costs less than reading each. */
    private Map<String, Host> hostsById(TenantContext ctx, Collection<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        if (wanted.size() <= HOST_GETS) {
            Map<String, Host> found = new HashMap<>();
            wanted.forEach(id -> hosts.find(ctx, id).ifPresent(h -> found.put(id, h)));
            return found;
        }
        return hosts.list(ctx).stream().filter(h -> wanted.contains(h.id())).collect(Collectors.toMap(Host::id, h -> h));
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }

    private List<PackageSummary> hostInventory(TenantContext ctx, String hostId) {
        if (hosts.find(ctx, hostId).isEmpty()) {
            throw DomainException.notFound("Host not found");
        }
        Map<String, PackageSummary> known = new HashMap<>();
        catalog.list(ctx).forEach(s -> known.put(s.name(), s));
        return hostPackages.list(ctx, hostId).stream().map((HostPackage p) -> {
            PackageSummary fleet = known.get(p.name());
            return new PackageSummary(p.name(), fleet == null ? null : fleet.description(), fleet == null ? null : fleet.category(),
                    p.newestKnownVersion(), 1, p.needsUpdate() ? 1 : 0, p.securityUpdate() ? 1 : 0,
                    p.sourceRepository() == null ? Map.of() : Map.of(p.sourceRepository(), 1L));
        }).toList();
    }

    private static Predicate<PackageSummary> status(String filter) {
        return switch (filter == null ? "all" : filter) {
            case "outdated" -> p -> p.hostsNeedingUpdate() > 0;
            case "security", "security-updates" -> p -> p.hostsSecurity() > 0;
            case "regular" -> p -> p.hostsNeedingUpdate() > p.hostsSecurity();
            default -> p -> true;
        };
    }

    private static Predicate<Host.PackageCounts> hostStatus(String filter) {
        return switch (filter == null ? "all" : filter) {
            case "security", "security-updates" -> c -> c.security() > 0;
            case "regular" -> c -> c.outdated() > c.security();
            default -> c -> c.outdated() > 0;
        };
    }

    private static Comparator<PackageSummary> comparator(Query query) {
        Comparator<PackageSummary> byName = Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT));
        Comparator<PackageSummary> primary = switch (query.sort() == null ? "name" : query.sort()) {
            case "hosts" -> Comparator.comparingLong(PackageSummary::hostsInstalled);
            case "status" -> Comparator.comparingInt(PackageQueryService::statusRank);
            case "latest" -> Comparator.comparing(p -> p.latestVersion() == null ? "" : VersionOrder.sortKey(p.latestVersion()));
            default -> byName;
        };
        if ("desc".equalsIgnoreCase(query.order())) {
            primary = primary.reversed();
        }
        return primary.thenComparing(byName);
    }

    private static void checkPaging(int page, int limit) {
        List<FieldViolation> problems = pagingProblems(page, limit);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }

    private static List<FieldViolation> pagingProblems(int page, int limit) {
        List<FieldViolation> problems = new ArrayList<>();
        if (!PAGE_SIZES.contains(limit)) {
            problems.add(new FieldViolation("limit must be 25, 50, 100 or 200", "limit", "query"));
        }
        if (page < 1) {
            problems.add(new FieldViolation("page must be 1 or more", "page", "query"));
        }
        return problems;
    }

    private static void validate(Query query) {
        List<FieldViolation> problems = pagingProblems(query.page(), query.limit());
        if (query.filter() != null && !Set.of("all", "outdated", "security", "security-updates", "regular").contains(query.filter())) {
            problems.add(new FieldViolation("filter must be all, outdated, security or regular", "filter", "query"));
        }
        if (query.sort() != null && !Set.of("name", "hosts", "status", "latest").contains(query.sort())) {
            problems.add(new FieldViolation("sort must be name, hosts, status or latest", "sort", "query"));
        }
        if (query.order() != null && !Set.of("asc", "desc").contains(query.order().toLowerCase(Locale.ROOT))) {
            problems.add(new FieldViolation("order must be asc or desc", "order", "query"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }
}
