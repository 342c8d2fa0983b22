package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.dashboard.FleetCounters;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.RepositoryEntry;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.patching.policies.PolicyAssignment;
import cloud.patchmon.core.patching.policies.PolicyRepository;
import cloud.patchmon.core.repositories.RepositoryCatalog;
import cloud.patchmon.core.repositories.RepositoryLink;
import cloud.patchmon.core.realtime.AutoUpdateOverrides;
import cloud.patchmon.core.realtime.ConnectionRepository;
import cloud.patchmon.core.repositories.RepositoryPackages;
import cloud.patchmon.core.storage.ConditionFailedException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.TenantRepository;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.UUID;

/** Hosts (chapters 3 and 4): the Add Host wizard's record, editing, groups, credentials, deletion. */
public final class HostService {

    public static final Set<String> OS_FAMILIES = Set.of("linux", "freebsd", "windows");
    static final int MAX_GROUPS_PER_HOST = 50;
    static final int MAX_BULK = 500;
    /** Upstream PatchMon's limit for host notes; the spec names none. */
    public static final int MAX_NOTES = 1000;

    private final ItemStore store;
    private final HostRepository hosts;
    private final HostGroupRepository groups;
    private final TenantRepository tenants;
    private final PasswordHasher hasher;
    private final FleetCounters fleet;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public HostService(ItemStore store, PasswordHasher hasher, Clock clock) {
        this.store = store;
        this.hosts = new HostRepository(store);
        this.groups = new HostGroupRepository(store);
        this.tenants = new TenantRepository(store);
        this.hasher = hasher;
        this.fleet = new FleetCounters(store);
        this.clock = clock;
    }

    public record NewHost(String friendlyName, String osFamily, List<String> groupIds, boolean dockerEnabled, boolean complianceEnabled) {
    }

    /** A host with the plaintext API key, which exists only in this response. */
    public record Credentials(Host host, String apiKey) {
    }

    /**
     * List filters of the Hosts page; {@code group} is a group id or "ungrouped", {@code status} an effective status,
     * {@code filter} one of {@link #FILTERS} (the dashboard's and Packages page's deep links).
     */
    /**
     * @param repository  a repository record's id: only the hosts that report it (Repositories → Hosts count)
     * @param packageName only the hosts that have this package installed (Packages → Installed On)
     */
    public record Filter(String group, String search, String status, String filter, boolean hideStale, String repository, String packageName) {
        public Filter(String group, String search, String status, String filter, boolean hideStale) {
            this(group, search, status, filter, hideStale, null, null);
        }
    }

    /** A longer name cannot be a stored package's key (an index partition key holds at most 2,048 bytes). */
    static final int MAX_PACKAGE_NAME_BYTES = 1000;

    /** Deep-link filters: hosts with outdated packages, with security updates, needing a reboot, fully up to date. */
    public static final Set<String> FILTERS = Set.of("needs_updates", "security_updates", "needs_reboot", "up_to_date");

    /** A host with its status under the tenant's staleness rule. */
    public record Listed(Host host, HostStatus status) {
    }

    public Credentials create(TenantContext ctx, NewHost request) {
        return create(ctx, request, null);
    }

    /** @param notes the host's Notes field from the start, e.g. which enrollment token created it */
    public Credentials create(TenantContext ctx, NewHost request, String notes) {
        List<FieldViolation> problems = new ArrayList<>();
        String name = request.friendlyName() == null ? "" : request.friendlyName().trim();
        if (name.isEmpty() || name.length() > 255) {
            problems.add(new FieldViolation("Friendly name is required (max 255 characters)", "friendly_name", "body"));
        }
        String os = request.osFamily() == null ? "linux" : request.osFamily().toLowerCase(Locale.ROOT);
        if (!OS_FAMILIES.contains(os)) {
            problems.add(new FieldViolation("OS family must be linux, freebsd or windows", "os_family", "body"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        List<String> groupIds = checkGroups(ctx, request.groupIds());
        Instant now = clock.instant();
        String apiId = newApiId();
        String apiKey = newApiKey();
        Host host = new Host(UUID.randomUUID().toString(), name, os, apiId, hasher.hash(apiKey), Host.PENDING,
                request.dockerEnabled(), request.complianceEnabled(), groupIds, null, null, null, null, null, null, false, notes, now, now, null, null, null, 1L);
        // The API ID entry goes first: a crash leaves an entry pointing nowhere, never a host its agent cannot reach.
        hosts.registerApiId(apiId, ctx.tenantId(), host.id());
        List<Write> writes = new ArrayList<>();
        writes.add(HostRepository.create(ctx, host));
        groupIds.forEach(g -> writes.add(HostGroupRepository.membership(ctx, g, host.id())));
        hosts.transact(ctx, writes);
        fleet.apply(ctx, FleetCounters.Delta.between(null, host));
        return new Credentials(host, apiKey);
    }

    public List<Listed> list(TenantContext ctx, Filter filter) {
        if (filter.filter() != null && !filter.filter().isBlank() && !FILTERS.contains(filter.filter())) {
            throw DomainException.invalid(List.of(new FieldViolation(
                    "filter must be needs_updates, security_updates, needs_reboot or up_to_date", "filter", "query")));
        }
        Set<String> members = null;
        if (filter.repository() != null && !filter.repository().isBlank()) {
            if (!filter.repository().matches("[0-9a-f]{32}")) {
                throw DomainException.invalid(List.of(new FieldViolation("Invalid repository id", "repository", "query")));
            }
            members = new RepositoryCatalog(store, clock).links(ctx, filter.repository()).stream()
                    .map(RepositoryLink::hostId).collect(Collectors.toSet());
        }
        if (filter.packageName() != null && !filter.packageName().isBlank()) {
            if (filter.packageName().getBytes(StandardCharsets.UTF_8).length > MAX_PACKAGE_NAME_BYTES) {
                throw DomainException.invalid(List.of(new FieldViolation("Invalid package name", "package", "query")));
            }
            // One query of the package-name index, whatever the fleet size.
            Set<String> having = new HostPackageRepository(store).installations(ctx, filter.packageName().trim()).stream()
                    .map(HostPackageRepository.Installation::hostId).collect(Collectors.toSet());
            members = members == null ? having : members.stream().filter(having::contains).collect(Collectors.toSet());
        }
        Set<String> selected = members;
        String search = filter.search() == null ? "" : filter.search().trim().toLowerCase(Locale.ROOT);
        HostStatus.Rule rule = staleness(ctx);
        return hosts.list(ctx).stream()
                .filter(h -> selected == null || selected.contains(h.id()))
                .filter(h -> filter.group() == null || filter.group().isBlank()
                        || (filter.group().equals("ungrouped") ? h.groupIds().isEmpty() : h.groupIds().contains(filter.group())))
                .filter(h -> search.isEmpty() || contains(h.friendlyName(), search) || contains(h.hostname(), search) || contains(h.ip(), search))
                .filter(h -> matches(filter.filter(), h))
                .map(h -> new Listed(h, rule.of(h)))
                .filter(l -> filter.status() == null || filter.status().isBlank() || filter.status().equalsIgnoreCase(l.status().effective()))
                .filter(l -> !filter.hideStale() || !l.status().stale())
                .sorted(Comparator.comparing((Listed l) -> l.host().friendlyName().toLowerCase(Locale.ROOT)).thenComparing(l -> l.host().id()))
                .toList();
    }

    private static boolean matches(String filter, Host h) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        return switch (filter) {
            case "needs_updates" -> h.counts().outdated() > 0;
            case "security_updates" -> h.counts().security() > 0;
            case "needs_reboot" -> h.needsReboot();
            default -> Host.ACTIVE.equals(h.status()) && h.counts().outdated() == 0;
        };
    }

    /** The tenant's staleness rule now (one settings read). */
    public HostStatus.Rule staleness(TenantContext ctx) {
        return HostStatus.Rule.of(tenants.settings(ctx), clock.instant());
    }

    public Host get(TenantContext ctx, String hostId) {
        return hosts.find(ctx, hostId).orElseThrow(() -> DomainException.notFound("Host not found"));
    }

    /**
     * Host Detail's inline edits; {@code null} leaves a field as it is, blank clears an optional one. {@code primaryInterface} stars one of the host's reported
     * interfaces: its address becomes the host's IP, here and on later reports; blank returns the
     * IP to the agent's choice. All checks pass before anything is written.
     */
    public record Edits(String friendlyName, String hostname, String ip, String notes, String primaryInterface) {
    }

    public Host update(TenantContext ctx, String hostId, Edits edits) {
        return retrying(() -> edit(ctx, hostId, edits));
    }

    private Host edit(TenantContext ctx, String hostId, Edits edits) {
        Host stored = get(ctx, hostId);
        List<FieldViolation> problems = new ArrayList<>();
        Host host = stored;
        if (edits.primaryInterface() != null && edits.primaryInterface().isBlank()) {
            host = stored.withPrimaryInterface(null, stored.ip(), clock.instant());
        } else if (edits.primaryInterface() != null) {
            String name = edits.primaryInterface().trim();
            List<NetworkInterface> interfaces = new ReportService(store, clock).details(ctx, hostId).networkInterfaces();
            Optional<String> address = Host.addressOf(name, interfaces);
            if (address.isEmpty()) {
                problems.add(new FieldViolation("The host has not reported an interface with an address named " + name, "primary_interface", "body"));
            } else {
                host = stored.withPrimaryInterface(name, address.get(), clock.instant());
            }
        }
        String friendlyName = edits.friendlyName();
        String hostname = edits.hostname();
        String ip = edits.ip();
        String notes = edits.notes();
        if (friendlyName != null && (friendlyName.isBlank() || friendlyName.length() > 255)) {
            problems.add(new FieldViolation("Friendly name is required (max 255 characters)", "friendly_name", "body"));
        }
        if (hostname != null && hostname.length() > 255) {
            problems.add(new FieldViolation("Hostname must be at most 255 characters", "hostname", "body"));
        }
        if (ip != null && host.primaryInterface() != null && !ip.equals(host.ip())) {
            problems.add(new FieldViolation("The IP address follows the primary interface " + host.primaryInterface() + "; clear it first", "ip", "body"));
        } else if (ip != null && !ip.isBlank() && !ip.matches("[0-9A-Fa-f:.]{2,45}")) {
            problems.add(new FieldViolation("Invalid IP address", "ip", "body"));
        }
        if (notes != null && notes.length() > MAX_NOTES) {
            problems.add(new FieldViolation("Notes must be at most " + MAX_NOTES + " characters", "notes", "body"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Host updated = host.withDetails(friendlyName == null ? host.friendlyName() : friendlyName.trim(),
                hostname == null ? host.hostname() : blankToNull(hostname), ip == null ? host.ip() : blankToNull(ip),
                notes == null ? host.notes() : blankToNull(notes), clock.instant());
        hosts.transact(ctx, List.of(HostRepository.replacing(ctx, stored, updated)));
        return updated.nextRevision();
    }

    /** Replaces the host's memberships with exactly {@code groupIds}. */
    public Host setGroups(TenantContext ctx, String hostId, List<String> groupIds) {
        List<String> wanted = checkGroups(ctx, groupIds);
        return retrying(() -> assignGroups(ctx, hostId, wanted));
    }

    private Host assignGroups(TenantContext ctx, String hostId, List<String> wanted) {
        Host host = get(ctx, hostId);
        Host updated = host.withGroups(wanted, clock.instant());
        List<Write> writes = new ArrayList<>();
        writes.add(HostRepository.replacing(ctx, host, updated));
        host.groupIds().stream().filter(g -> !wanted.contains(g)).forEach(g -> writes.add(HostGroupRepository.removeMembership(ctx, g, hostId)));
        wanted.stream().filter(g -> !host.groupIds().contains(g)).forEach(g -> writes.add(HostGroupRepository.membership(ctx, g, hostId)));
        hosts.transact(ctx, writes);
        return updated.nextRevision();
    }

    /** Bulk "Assign to Group": sets (does not add) the groups on every selected host. */
    public List<Host> setGroups(TenantContext ctx, List<String> hostIds, List<String> groupIds) {
        List<String> ids = checkBulk(hostIds);
        ids.forEach(id -> get(ctx, id));
        return ids.stream().map(id -> setGroups(ctx, id, groupIds)).toList();
    }

    public Host delete(TenantContext ctx, String hostId) {
        Host host = retrying(() -> removeHost(ctx, hostId));
        FleetCounters.Delta fleetDelta = FleetCounters.Delta.between(host, null);
        PackageCatalog catalog = new PackageCatalog(store);
        List<HostPackage> installed = new HostPackageRepository(store).list(ctx, hostId);
        for (HostPackage p : installed) {
            fleetDelta = fleetDelta.plus(catalog.adjust(ctx, p.name(), PackageCatalog.Delta.between(p, null), null, null, null));
        }
        fleet.apply(ctx, fleetDelta);
        List<RepositoryEntry> repositories = new ReportService(store, clock).details(ctx, hostId).repositories();
        new RepositoryCatalog(store, clock).apply(ctx, hostId, repositories, List.of());
        new RepositoryPackages(store).follow(ctx, repositories, installed, List.of(), List.of());
        // Packages, details and report history live in the host's own partition.
        store.writeAll(ctx, List.of(), store.keys(ctx, "HOST#" + hostId));
        // No policy keeps assigning or excluding a host that is gone.
        new PolicyRepository(store).forgetTarget(ctx, PolicyAssignment.HOST, hostId);
        hosts.unregisterApiId(host.apiId());
        return host;
    }

    /** @return the host item the deletion removed: exactly what the counters lose */
    private Host removeHost(TenantContext ctx, String hostId) {
        Host host = get(ctx, hostId);
        List<Write> writes = new ArrayList<>();
        writes.add(HostRepository.removing(ctx, host));
        writes.add(HostStateRepository.remove(ctx, hostId));
        writes.add(ConnectionRepository.remove(ctx, hostId));
        writes.add(AutoUpdateOverrides.remove(ctx, hostId));
        host.groupIds().forEach(g -> writes.add(HostGroupRepository.removeMembership(ctx, g, hostId)));
        hosts.transact(ctx, writes);
        return host;
    }

    public List<Host> delete(TenantContext ctx, List<String> hostIds) {
        List<String> ids = checkBulk(hostIds);
        ids.forEach(id -> get(ctx, id));
        return ids.stream().map(id -> delete(ctx, id)).toList();
    }

    /** New API ID and key; the old ones stop working at once. */
    public Credentials regenerateCredentials(TenantContext ctx, String hostId) {
        get(ctx, hostId);
        String apiId = newApiId();
        String apiKey = newApiKey();
        String keyHash = hasher.hash(apiKey);
        hosts.registerApiId(apiId, ctx.tenantId(), hostId);
        Replaced replaced = retrying(() -> {
            Host host = get(ctx, hostId);
            Host updated = host.withCredentials(apiId, keyHash, clock.instant());
            hosts.transact(ctx, List.of(HostRepository.replacing(ctx, host, updated)));
            return new Replaced(host, updated.nextRevision());
        });
        hosts.unregisterApiId(replaced.before().apiId());
        return new Credentials(replaced.after(), apiKey);
    }

    private record Replaced(Host before, Host after) {
    }

    /**
     * Runs a read-modify-write of a host item again when the item changed between its read and its conditional write
     * (check-ins touch it every interval, reports rewrite it), so an edit neither fails for that nor undoes them.
     */
    private <T> T retrying(Supplier<T> attempt) {
        for (int tries = 1; ; tries++) {
            try {
                return attempt.get();
            } catch (ConditionFailedException changed) {
                if (tries == HostStateRepository.UPDATE_ATTEMPTS) {
                    throw DomainException.conflict("The host is being changed by another request; try again");
                }
            }
        }
    }

    private List<String> checkGroups(TenantContext ctx, List<String> groupIds) {
        List<String> ids = groupIds == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(groupIds));
        if (ids.size() > MAX_GROUPS_PER_HOST) {
            throw DomainException.invalid("groupIds", "A host can belong to at most " + MAX_GROUPS_PER_HOST + " groups");
        }
        for (String id : ids) {
            if (id == null || groups.find(ctx, id).isEmpty()) {
                throw DomainException.badRequest("Invalid host group");
            }
        }
        return List.copyOf(ids);
    }

    private static List<String> checkBulk(List<String> hostIds) {
        if (hostIds == null || hostIds.isEmpty() || hostIds.size() > MAX_BULK) {
            throw DomainException.invalid("hostIds", "Between 1 and " + MAX_BULK + " host ids are required");
        }
        return List.copyOf(new LinkedHashSet<>(hostIds));
    }

    private String newApiId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "patchmon_" + HexFormat.of().formatHex(bytes);
    }

    private String newApiKey() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
