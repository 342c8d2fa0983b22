package cloud.patchmon.core.packages;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostPackageRepository;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** The Packages page (chapter 6): the fleet inventory with its filters, sorting and pages, read from the aggregates. */
public final class PackageQueryService {

    public static final Set<Integer> PAGE_SIZES = Set.of(25, 50, 100, 200);

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

    public record Summary(long packages, long installations, long outdatedPackages, long securityPackages) {
    }

    public record Result(List<PackageSummary> packages, int page, int limit, int total, Summary summary) {
        public int pages() {
            return total == 0 ? 0 : (total + limit - 1) / limit;
        }
    }

    /** Security first, then updates, then up to date: ascending order puts the riskiest on top. */
    public static int statusRank(PackageSummary p) {
        return p.hostsSecurity() > 0 ? 0 : p.hostsNeedingUpdate() > 0 ? 1 : 2;
    }

    public Result search(TenantContext ctx, Query query) {
        validate(query);
        List<PackageSummary> source = query.hostId() == null || query.hostId().isBlank()
                ? catalog.list(ctx) : hostInventory(ctx, query.hostId());
        String needle = query.search() == null ? "" : query.search().trim().toLowerCase(Locale.ROOT);
        Predicate<PackageSummary> matches = p -> (needle.isEmpty() || p.name().toLowerCase(Locale.ROOT).contains(needle))
                && (query.category() == null || query.category().isBlank() || query.category().equalsIgnoreCase(p.category()))
                && status(query.filter()).test(p);
        List<PackageSummary> filtered = source.stream().filter(matches).sorted(comparator(query)).toList();
        Summary summary = new Summary(filtered.size(), filtered.stream().mapToLong(PackageSummary::hostsInstalled).sum(),
                filtered.stream().filter(p -> p.hostsNeedingUpdate() > 0).count(), filtered.stream().filter(p -> p.hostsSecurity() > 0).count());
        int from = Math.min(filtered.size(), (query.page() - 1) * query.limit());
        return new Result(filtered.subList(from, Math.min(filtered.size(), from + query.limit())), query.page(), query.limit(), filtered.size(), summary);
    }

    private List<PackageSummary> hostInventory(TenantContext ctx, String hostId) {
        if (hosts.find(ctx, hostId).isEmpty()) {
            throw DomainException.notFound("Host not found");
        }
        var known = new java.util.HashMap<String, PackageSummary>();
        catalog.list(ctx).forEach(s -> known.put(s.name(), s));
        return hostPackages.list(ctx, hostId).stream().map((HostPackage p) -> {
            PackageSummary fleet = known.get(p.name());
            return new PackageSummary(p.name(), fleet == null ? null : fleet.description(), fleet == null ? null : fleet.category(),
                    p.availableVersion() != null ? p.availableVersion() : p.currentVersion(), 1, p.needsUpdate() ? 1 : 0, p.securityUpdate() ? 1 : 0);
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

    private static Comparator<PackageSummary> comparator(Query query) {
        Comparator<PackageSummary> byName = Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT));
        Comparator<PackageSummary> primary = switch (query.sort() == null ? "name" : query.sort()) {
            case "hosts" -> Comparator.comparingLong(PackageSummary::hostsInstalled);
            case "status" -> Comparator.comparingInt(PackageQueryService::statusRank);
            case "latest" -> Comparator.comparing(p -> p.latestVersion() == null ? "" : p.latestVersion());
            default -> byName;
        };
        if ("desc".equalsIgnoreCase(query.order())) {
            primary = primary.reversed();
        }
        return primary.thenComparing(byName);
    }

    private static void validate(Query query) {
        List<FieldViolation> problems = new java.util.ArrayList<>();
        if (!PAGE_SIZES.contains(query.limit())) {
            problems.add(new FieldViolation("limit must be 25, 50, 100 or 200", "limit", "query"));
        }
        if (query.page() < 1) {
            problems.add(new FieldViolation("page must be 1 or more", "page", "query"));
        }
        if (query.filter() != null && !Set.of("all", "outdated", "security", "security-updates", "regular").contains(query.filter())) {
            problems.add(new FieldViolation("filter must be all, outdated, security or regular", "filter", "query"));
        }
        if (query.sort() != null && !Set.of("name", "hosts", "status", "latest").contains(query.sort())) {
            problems.add(new FieldViolation("sort must be name, hosts, status or latest", "sort", "query"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }
}
