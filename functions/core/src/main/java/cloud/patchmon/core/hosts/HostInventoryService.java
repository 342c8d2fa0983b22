package cloud.patchmon.core.hosts;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.Page;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What a host reported, for the Host Detail tabs: packages, system details, check-in state, report history. */
public final class HostInventoryService {

    public static final int MAX_REPORTS = 100;
    public static final int MAX_PAGE_SIZE = 500;

    private final ItemStore store;
    private final HostRepository hosts;
    private final HostPackageRepository packages;
    private final HostStateRepository states;
    private final ReportService reports;

    public HostInventoryService(ItemStore store, ReportService reports) {
        this.store = store;
        this.hosts = new HostRepository(store);
        this.packages = new HostPackageRepository(store);
        this.states = new HostStateRepository(store);
        this.reports = reports;
    }

    /**
     * The Packages tab's query. {@code search} matches the package name case-insensitively;
     * {@code securityOnly} implies updates only (a security update is an update).
     */
    public record PackageQuery(String search, boolean updatesOnly, boolean securityOnly, int page, int limit) {
    }

    /**
     * One page of a host's packages.
     *
     * @param total     packages matching the query, over all pages
     * @param installed the host's packages, whatever the query
     * @param updates   the host's packages with an update, whatever the query
     * @param security  the host's packages with a security update, whatever the query
     */
    public record PackagePage(List<HostPackage> packages, int page, int limit, int total, int installed, int updates, int security) {
        public int pages() {
            return total == 0 ? 0 : (total + limit - 1) / limit;
        }
    }

    /**
     * Security updates first, then other updates, then the rest; by name within each. The whole
     * partition is read: PKG# items are ~200 bytes, so even 10,000 packages are a few reads, and
     * the host-wide counts come from the same read.
     */
    public PackagePage packages(TenantContext ctx, String hostId, PackageQuery query) {
        validate(query);
        requireHost(ctx, hostId);
        List<HostPackage> all = packages.list(ctx, hostId);
        String needle = query.search() == null ? "" : query.search().trim().toLowerCase(Locale.ROOT);
        List<HostPackage> matching = all.stream()
                .filter(p -> !query.updatesOnly() || p.needsUpdate())
                .filter(p -> !query.securityOnly() || p.securityUpdate())
                .filter(p -> needle.isEmpty() || p.name().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(Comparator.comparing((HostPackage p) -> !p.securityUpdate()).thenComparing(p -> !p.needsUpdate())
                        .thenComparing(HostPackage::name))
                .toList();
        int from = (int) Math.min(matching.size(), (long) (query.page() - 1) * query.limit());
        return new PackagePage(matching.subList(from, Math.min(matching.size(), from + query.limit())), query.page(), query.limit(),
                matching.size(), all.size(), (int) all.stream().filter(HostPackage::needsUpdate).count(),
                (int) all.stream().filter(HostPackage::securityUpdate).count());
    }

    public ReportService.HostDetails details(TenantContext ctx, String hostId) {
        requireHost(ctx, hostId);
        return reports.details(ctx, hostId);
    }

    public HostState state(TenantContext ctx, String hostId) {
        requireHost(ctx, hostId);
        return states.find(ctx, hostId);
    }

    /** The newest reports first, a page at a time; {@code cursor} is the previous page's next cursor or {@code null}. */
    public Page<ReportService.ReportRecord> reports(TenantContext ctx, String hostId, int limit, String cursor) {
        if (limit < 1 || limit > MAX_REPORTS) {
            throw DomainException.invalid(List.of(new FieldViolation("limit must be between 1 and " + MAX_REPORTS, "limit", "query")));
        }
        requireHost(ctx, hostId);
        QuerySpec spec = QuerySpec.partition("HOST#" + hostId).sortBeginsWith("REPORT#").limit(limit).descending();
        return store.query(ctx, cursor == null || cursor.isBlank() ? spec : spec.after(cursor), ReportService.ReportRecord.class);
    }

    private static void validate(PackageQuery query) {
        List<FieldViolation> problems = new ArrayList<>();
        if (query.page() < 1) {
            problems.add(new FieldViolation("page must be 1 or more", "page", "query"));
        }
        if (query.limit() < 1 || query.limit() > MAX_PAGE_SIZE) {
            problems.add(new FieldViolation("limit must be between 1 and " + MAX_PAGE_SIZE, "limit", "query"));
        }
        if (query.search() != null && query.search().length() > 255) {
            problems.add(new FieldViolation("search must be at most 255 characters", "search", "query"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }

    private void requireHost(TenantContext ctx, String hostId) {
        if (hosts.find(ctx, hostId).isEmpty()) {
            throw DomainException.notFound("Host not found");
        }
    }
}
