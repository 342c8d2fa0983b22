package cloud.patchmon.core.hosts;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Comparator;
import java.util.List;

/** What a host reported, for the Host Detail tabs: packages, system details, check-in state, report history. */
public final class HostInventoryService {

    public static final int MAX_REPORTS = 100;

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

    /** Security updates first, then other updates, then the rest; by name within each. */
    public List<HostPackage> packages(TenantContext ctx, String hostId, boolean updatesOnly) {
        requireHost(ctx, hostId);
        return packages.list(ctx, hostId).stream()
                .filter(p -> !updatesOnly || p.needsUpdate())
                .sorted(Comparator.comparing((HostPackage p) -> !p.securityUpdate()).thenComparing(p -> !p.needsUpdate())
                        .thenComparing(HostPackage::name))
                .toList();
    }

    public ReportService.HostDetails details(TenantContext ctx, String hostId) {
        requireHost(ctx, hostId);
        return reports.details(ctx, hostId);
    }

    public HostState state(TenantContext ctx, String hostId) {
        requireHost(ctx, hostId);
        return states.find(ctx, hostId);
    }

    /** The newest reports first. */
    public List<ReportService.ReportRecord> reports(TenantContext ctx, String hostId, int limit) {
        requireHost(ctx, hostId);
        if (limit < 1 || limit > MAX_REPORTS) {
            throw DomainException.invalid(List.of(new DomainException.FieldViolation("limit must be between 1 and " + MAX_REPORTS, "limit", "query")));
        }
        return store.query(ctx, QuerySpec.partition("HOST#" + hostId).sortBeginsWith("REPORT#").limit(limit).descending(),
                ReportService.ReportRecord.class).items();
    }

    private void requireHost(TenantContext ctx, String hostId) {
        if (hosts.find(ctx, hostId).isEmpty()) {
            throw DomainException.notFound("Host not found");
        }
    }
}
