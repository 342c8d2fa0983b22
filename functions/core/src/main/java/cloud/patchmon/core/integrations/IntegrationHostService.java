package cloud.patchmon.core.integrations;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.hosts.HostGroupRepository;
import cloud.patchmon.core.hosts.HostInventoryService;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostPackageRepository;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.HostState;
import cloud.patchmon.core.hosts.HostStateRepository;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.packages.PackageSummary;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The hosts of the Integration API (chapter 31). The list reads the host items, which carry their package counts, and the
 * group list: its cost follows the number of hosts, never their packages. A single host's views read the host item and,
 * where they need them, its details or state item; only {@code /packages} reads package items.
 */
public final class IntegrationHostService {

    static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    public static final int DEFAULT_REPORTS = 10;
    /** Above this many packages one query of the fleet's package aggregates is cheaper than one read each. */
    static final int DESCRIPTION_READS = 25;

    private final HostService hosts;
    private final HostRepository hostItems;
    private final HostGroupRepository groups;
    private final HostPackageRepository packages;
    private final HostStateRepository states;
    private final HostInventoryService inventory;
    private final ReportService reports;
    private final PackageCatalog catalog;

    public IntegrationHostService(ItemStore store, HostService hosts, HostInventoryService inventory, ReportService reports) {
        this.hosts = hosts;
        this.hostItems = new HostRepository(store);
        this.groups = new HostGroupRepository(store);
        this.packages = new HostPackageRepository(store);
        this.states = new HostStateRepository(store);
        this.inventory = inventory;
        this.reports = reports;
        this.catalog = new PackageCatalog(store);
    }

    /**
     * @param hosts      by friendly name
     * @param groups     every group of the tenant, by id
     * @param filteredBy the group names or ids the caller filtered by, as given; {@code null} when it did not filter
     */
    public record Listing(List<Host> hosts, Map<String, HostGroup> groups, List<String> filteredBy) {
    }

    /** {@code hostgroup}: comma-separated group names (exact, case-sensitive) or ids; a host in any of them is listed. */
    public Listing list(TenantContext ctx, String hostgroup) {
        Map<String, HostGroup> byId = groups.list(ctx).stream().collect(Collectors.toMap(HostGroup::id, Function.identity()));
        List<String> wanted = hostgroup == null ? List.of()
                : Arrays.stream(hostgroup.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        List<Host> all = hosts.list(ctx, new HostService.Filter(null, null, null, null, false)).stream().map(HostService.Listed::host).toList();
        if (wanted.isEmpty()) {
            return new Listing(all, byId, null);
        }
        Set<String> matched = new LinkedHashSet<>();
        for (HostGroup group : byId.values()) {
            if (wanted.contains(group.id()) || wanted.contains(group.name())) {
                matched.add(group.id());
            }
        }
        List<Host> members = all.stream().filter(h -> h.groupIds().stream().anyMatch(matched::contains)).toList();
        return new Listing(members, byId, wanted);
    }

    public Host host(TenantContext ctx, String hostId) {
        if (hostId == null || !UUID.matcher(hostId).matches()) {
            throw DomainException.notFound("Host not found");
        }
        return hostItems.find(ctx, hostId).orElseThrow(() -> DomainException.notFound("Host not found"));
    }

    public List<HostGroup> groupsOf(TenantContext ctx, Host host) {
        Map<String, HostGroup> byId = groups.list(ctx).stream().collect(Collectors.toMap(HostGroup::id, Function.identity()));
        return host.groupIds().stream().map(byId::get).filter(g -> g != null).toList();
    }

    public record HostStats(Host host, int repositories) {
    }

    public HostStats stats(TenantContext ctx, String hostId) {
        Host host = host(ctx, hostId);
        return new HostStats(host, reports.details(ctx, hostId).repositories().size());
    }

    public record Details(Host host, ReportService.HostDetails details, HostState state) {
    }

    /** The host with what its last reports said about its system and network. */
    public Details details(TenantContext ctx, String hostId) {
        Host host = host(ctx, hostId);
        return new Details(host, reports.details(ctx, hostId), states.find(ctx, hostId));
    }

    /**
     * @param descriptions package name → its fleet aggregate, for description and category
     */
    public record Packages(Host host, List<HostPackage> packages, Map<String, PackageSummary> descriptions) {
    }

    /** Security updates first, then other updates, then the rest; by name within each. */
    public Packages packages(TenantContext ctx, String hostId, boolean updatesOnly) {
        Host host = host(ctx, hostId);
        List<HostPackage> listed = packages.list(ctx, hostId).stream()
                .filter(p -> !updatesOnly || p.needsUpdate())
                .sorted(Comparator.comparing((HostPackage p) -> !p.securityUpdate()).thenComparing(p -> !p.needsUpdate())
                        .thenComparing(HostPackage::name))
                .toList();
        Map<String, PackageSummary> descriptions = new HashMap<>();
        if (listed.size() <= DESCRIPTION_READS) {
            listed.forEach(p -> catalog.find(ctx, p.name()).ifPresent(s -> descriptions.put(p.name(), s)));
        } else {
            Set<String> names = listed.stream().map(HostPackage::name).collect(Collectors.toSet());
            catalog.list(ctx).stream().filter(s -> names.contains(s.name())).forEach(s -> descriptions.put(s.name(), s));
        }
        return new Packages(host, listed, descriptions);
    }

    public record Reports(Host host, List<ReportService.ReportRecord> reports) {
    }

    /** The newest {@code limit} reports (default {@value #DEFAULT_REPORTS}, at most {@link HostInventoryService#MAX_REPORTS}). */
    public Reports reports(TenantContext ctx, String hostId, String limit) {
        int max = DEFAULT_REPORTS;
        if (limit != null && !limit.isBlank()) {
            try {
                max = Integer.parseInt(limit.trim());
            } catch (NumberFormatException notANumber) {
                max = -1;
            }
            if (max < 1 || max > HostInventoryService.MAX_REPORTS) {
                throw DomainException.invalid(List.of(new FieldViolation("limit must be between 1 and " + HostInventoryService.MAX_REPORTS,
                        "limit", "query")));
            }
        }
        Host host = host(ctx, hostId);
        return new Reports(host, inventory.reports(ctx, hostId, max, null).items());
    }

    /** Removes the host and everything it owns, exactly as the web app's delete does. */
    public Host delete(TenantContext ctx, String hostId) {
        if (hostId == null || !UUID.matcher(hostId).matches()) {
            throw DomainException.badRequest("Invalid host ID format");
        }
        return hosts.delete(ctx, hostId);
    }
}
