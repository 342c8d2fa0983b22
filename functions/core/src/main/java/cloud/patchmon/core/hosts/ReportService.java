package cloud.patchmon.core.hosts;

import cloud.patchmon.core.dashboard.FleetCounters;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.AgentAuthenticator.AuthenticatedHost;
import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.RepositoryEntry;
import cloud.patchmon.core.packages.PackageCatalog;
import cloud.patchmon.core.repositories.RepositoryCatalog;
import cloud.patchmon.core.repositories.RepositoryPackages;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * {@code POST /hosts/update}: full and partial agent reports. Every supplied section hash is
 * recomputed and must match; the packages are diffed against what is stored and only changed
 * items are written, so an unchanged report costs a few writes whatever its size.
 */
public final class ReportService {

    public static final int MAX_PACKAGES = 10_000;
    /** Each new repository costs two writes; real hosts configure a few dozen at most. */
    public static final int MAX_REPOSITORIES = 500;
    static final Set<String> PARTIAL_SECTIONS = Set.of("packages", "repos", "interfaces", "hostname");
    static final Duration REPORT_RETENTION = Duration.ofDays(30);
    /** A broken agent may send thousands of identical problems; the first ones say enough. */
    static final int MAX_VIOLATIONS = 20;

    private final ItemStore store;
    private final HostRepository hosts;
    private final HostStateRepository states;
    private final HostPackageRepository packages;
    private final PackageCatalog catalog;
    private final RepositoryCatalog repositoryCatalog;
    private final RepositoryPackages repositoryPackages;
    private final FleetCounters fleet;
    private final CanonicalHashes canonical = new CanonicalHashes();
    private final ReportActivity activity;
    private final Clock clock;

    public ReportService(ItemStore store, Clock clock) {
        this.store = store;
        this.hosts = new HostRepository(store);
        this.states = new HostStateRepository(store);
        this.packages = new HostPackageRepository(store);
        this.catalog = new PackageCatalog(store);
        this.repositoryCatalog = new RepositoryCatalog(store, clock);
        this.repositoryPackages = new RepositoryPackages(store);
        this.fleet = new FleetCounters(store);
        this.activity = new ReportActivity(store);
        this.clock = clock;
    }

    /**
     * The report body, as the agent sends it (see AGENT-PROTOCOL.md and spec ch. 30).
     *
     * @param agentExecutionMs how long the agent took to gather the data; {@code null} when it did not say
     */
    public record Report(List<PackageEntry> packages, List<RepositoryEntry> repositories, List<NetworkInterface> networkInterfaces,
                         String hostname, String ip, String osType, String osVersion, String architecture, String agentVersion,
                         Boolean needsReboot, String rebootReason, Map<String, Object> system, List<String> sections,
                         Map<String, String> hashes, long payloadBytes, Long agentExecutionMs) {

        /** A report whose agent did not time its collection. */
        public Report(List<PackageEntry> packages, List<RepositoryEntry> repositories, List<NetworkInterface> networkInterfaces,
                      String hostname, String ip, String osType, String osVersion, String architecture, String agentVersion,
                      Boolean needsReboot, String rebootReason, Map<String, Object> system, List<String> sections,
                      Map<String, String> hashes, long payloadBytes) {
            this(packages, repositories, networkInterfaces, hostname, ip, osType, osVersion, architecture, agentVersion, needsReboot,
                    rebootReason, system, sections, hashes, payloadBytes, null);
        }
    }

    public record Result(int packagesProcessed, int updatesAvailable, int securityUpdates) {
    }

    /** What the host's repositories and system details were at the last report that sent them. */
    public record HostDetails(List<RepositoryEntry> repositories, List<NetworkInterface> networkInterfaces, Map<String, Object> system) {
    }

    /**
     * One row of the host's package report history.
     *
     * @param processingMs     the server's time to ingest the report
     * @param agentExecutionMs the agent's time to gather it (the Integration API's {@code execution_time_seconds}); {@code null} when not sent
     */
    public record ReportRecord(Instant reportedAt, String kind, List<String> sections, int packages, int updates, int security,
                               long payloadBytes, long processingMs, Long agentExecutionMs) {
    }

    /**
     * Ingests one report. Only one report per host is ingested at a time: a second one arriving
     * meanwhile (an agent retrying after a timeout while the first is still running) is refused
     * with 409 before it writes anything, since both would diff against the same stored packages
     * and apply the same counter deltas twice. Upstream agents retry on 5xx only, so a refused
     * report is not resent at once; the check-in of the next interval finds its hashes not
     * accepted (the first report may still have won) and asks again. A retry after a success
     * changes nothing: its hashes match and its diff is empty. A failure part-way leaves the
     * fleet counters short rather than double (changed items are written before their deltas are
     * applied, and a retry diffs against what was written); the daily recount corrects that. The
     * dashboard's counters follow the same rule: the host item is written conditional on the
     * revision the report was applied to, then the counters move by the difference between the
     * item replaced and the one written, together with the packages that crossed zero.
     */
    public Result ingest(AuthenticatedHost agent, Report report) {
        long started = System.nanoTime();
        TenantContext ctx = agent.context();
        boolean partial = report.sections() != null;
        validate(report, partial);
        Set<String> sections = partial ? Set.copyOf(report.sections()) : PARTIAL_SECTIONS;
        validateSections(report, partial, sections);
        Map<String, String> computed = verifyHashes(report, sections);

        // Re-read: the authenticated snapshot may predate an edit made since.
        Host host = hosts.find(ctx, agent.host().id()).orElseThrow(() -> DomainException.unauthenticated("Invalid API credentials"));
        HostState state = states.find(ctx, host.id());
        Instant now = clock.instant();
        String lease = claim(ctx, host.id(), state, now);
        try {
            // Read after the claim: what the deltas are computed against must not change under this ingest.
            HostDetails detailsBefore = details(ctx, host.id());
            PackageChange change = sections.contains("packages")
                    ? applyPackages(ctx, host.id(), report.packages(), computed.get("packages"), state.hashes().get("packages"))
                    : new PackageChange(storedCounts(state, host), null, null, FleetCounters.Delta.NONE);
            Host.PackageCounts counts = change.counts();
            HostDetails detailsAfter = storeDetails(ctx, host.id(), detailsBefore, report, sections);
            followRepositoryPackages(ctx, host.id(), detailsBefore.repositories(), detailsAfter.repositories(), change);

            Replaced saved = saveHost(ctx, host, h -> new Host(h.id(), h.friendlyName(), h.osFamily(), h.apiId(), h.apiKeyHash(), Host.ACTIVE,
                    h.dockerEnabled(), h.complianceEnabled(), h.groupIds(),
                    sections.contains("hostname") && report.hostname() != null ? report.hostname().trim() : h.hostname(),
                    reportedIp(h, report, sections), firstNonNull(report.osType(), h.osType()), firstNonNull(report.osVersion(), h.osVersion()),
                    firstNonNull(report.architecture(), h.architecture()), firstNonNull(report.agentVersion(), h.agentVersion()),
                    // A partial report never carries needsReboot: the check-in owns it.
                    partial || report.needsReboot() == null ? h.needsReboot() : report.needsReboot(),
                    h.notes(), h.createdAt(), now, now, counts, h.primaryInterface(), h.revision()));
            Host updated = saved.after();
            // After the host write, so a failure in between leaves the counters short (the recount corrects), never double.
            fleet.apply(ctx, FleetCounters.Delta.between(saved.before(), updated).plus(change.fleet()));

            accept(ctx, host.id(), lease, current -> {
                Map<String, String> accepted = new HashMap<>(current.hashes());
                accepted.putAll(computed);
                return new HostState(accepted, current.metrics(), updated.agentVersion(),
                        report.agentExecutionMs() != null ? report.agentExecutionMs() : current.agentExecutionMs(),
                        partial ? current.needsReboot() : report.needsReboot(), partial ? current.rebootReason() : report.rebootReason(),
                        current.lastCheckInAt(), null, counts);
            });
            long processingMs = (System.nanoTime() - started) / 1_000_000;
            store.put(ctx, Item.of(ItemKey.of(ctx, "HOST#" + host.id(), "REPORT#" + now + "#" + UUID.randomUUID()), "package_report",
                    new ReportRecord(now, partial ? "partial" : "full", List.copyOf(sections), counts.total(), counts.outdated(), counts.security(),
                            report.payloadBytes(), processingMs, report.agentExecutionMs())).expiringAt(now.plus(REPORT_RETENTION)));
            activity.record(ctx, now);
            return new Result(counts.total(), counts.outdated(), counts.security());
        } catch (RuntimeException failed) {
            release(ctx, host.id(), lease, failed);
            throw failed;
        }
    }

    /**
     * Takes the host's ingest lease with one conditional write of its STATE item.
     *
     * @return the lease's token
     */
    private String claim(TenantContext ctx, String hostId, HostState state, Instant now) {
        if (!IngestLease.admits(state.ingestLease(), now)) {
            throw DomainException.conflict(HostStateRepository.BUSY);
        }
        String lease = IngestLease.startingAt(now).token();
        if (!states.saveIf(ctx, hostId, state.withIngestLease(lease), state.ingestLease())) {
            throw DomainException.conflict(HostStateRepository.BUSY);
        }
        return lease;
    }

    /**
     * Saves the accepted state and clears the lease in one write. It starts from the stored state
     * so that metrics a check-in wrote during the ingest survive.
     */
    private void accept(TenantContext ctx, String hostId, String lease, UnaryOperator<HostState> change) {
        HostState current = states.find(ctx, hostId);
        // Lost only if the lease outlived its term and another report took it over: let that one finish.
        if (!lease.equals(current.ingestLease()) || !states.saveIf(ctx, hostId, change.apply(current), lease)) {
            throw DomainException.conflict(HostStateRepository.BUSY);
        }
    }

    /** Frees the lease of a failed ingest so that the agent's retry of a 5xx need not wait for it to expire. */
    private void release(TenantContext ctx, String hostId, String lease, RuntimeException failure) {
        try {
            HostState current = states.find(ctx, hostId);
            if (lease.equals(current.ingestLease())) {
                states.saveIf(ctx, hostId, current.withIngestLease(null), lease);
            }
        } catch (RuntimeException releaseFailed) {
            failure.addSuppressed(releaseFailed);
        }
    }

    /**
     * A report without a packages section leaves the counts as the last one with it saved them (on the state, under the
     * lease); hosts whose state predates that keep the counts on their host item.
     */
    private static Host.PackageCounts storedCounts(HostState state, Host host) {
        return state.packageCounts() != null ? state.packageCounts() : host.counts();
    }

    /** The host item a report replaced, and what replaced it. */
    private record Replaced(Host before, Host after) {
    }

    /**
     * Writes the reported host conditional on the revision it was computed from; when a check-in or an edit wrote the
     * item meanwhile, it is read again and the report applied to that, so neither is lost and the counters move by
     * exactly the difference between the item replaced and the one written.
     */
    private Replaced saveHost(TenantContext ctx, Host read, UnaryOperator<Host> report) {
        Host current = read;
        for (int attempt = 1; attempt <= HostStateRepository.UPDATE_ATTEMPTS; attempt++) {
            Optional<Host> written = hosts.replace(ctx, current, report.apply(current));
            if (written.isPresent()) {
                return new Replaced(current, written.get());
            }
            current = hosts.find(ctx, read.id()).orElseThrow(() -> DomainException.unauthenticated("Invalid API credentials"));
        }
        throw DomainException.conflict(HostStateRepository.BUSY);
    }

    /**
     * Refuses what the report's shape gets wrong before anything is read: spec ch. 30's required
     * package fields and list entries that are null (stored, they would break the Host Detail
     * views). At most {@link #MAX_VIOLATIONS} problems are listed.
     */
    private static void validate(Report report, boolean partial) {
        List<DomainException.FieldViolation> problems = new ArrayList<>();
        if (report.agentExecutionMs() != null && report.agentExecutionMs() < 0) {
            problems.add(violation("agentExecutionMs", "agentExecutionMs must not be negative"));
        }
        List<PackageEntry> reported = orEmpty(report.packages());
        for (int i = 0; i < reported.size(); i++) {
            PackageEntry p = reported.get(i);
            String at = "packages[" + i + "]";
            if (p == null) {
                problems.add(violation(at, "A package must be an object"));
                continue;
            }
            if (p.name() == null || p.name().isBlank()) {
                problems.add(violation(at + ".name", "Package name is required"));
            }
            if (p.currentVersion() == null) {
                problems.add(violation(at + ".currentVersion", "Current version is required"));
            }
        }
        nulls(problems, report.repositories(), "repositories", "A repository must be an object");
        List<NetworkInterface> interfaces = orEmpty(report.networkInterfaces());
        nulls(problems, interfaces, "networkInterfaces", "A network interface must be an object");
        for (int i = 0; i < interfaces.size(); i++) {
            if (interfaces.get(i) != null) {
                nulls(problems, interfaces.get(i).addresses(), "networkInterfaces[" + i + "].addresses", "An address must be an object");
            }
        }
        if (partial) {
            nulls(problems, report.sections(), "sections", "A section must be a string");
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems.subList(0, Math.min(problems.size(), MAX_VIOLATIONS)));
        }
    }

    private static <T> void nulls(List<DomainException.FieldViolation> problems, List<T> list, String param, String msg) {
        List<T> entries = orEmpty(list);
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == null) {
                problems.add(violation(param + "[" + i + "]", msg));
            }
        }
    }

    private static DomainException.FieldViolation violation(String param, String msg) {
        return new DomainException.FieldViolation(msg, param, "body");
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private void validateSections(Report report, boolean partial, Set<String> sections) {
        if (report.packages() != null && report.packages().size() > MAX_PACKAGES) {
            throw DomainException.badRequest("Too many packages: at most " + MAX_PACKAGES + " per report");
        }
        if (report.repositories() != null && report.repositories().size() > MAX_REPOSITORIES) {
            throw DomainException.badRequest("Too many repositories: at most " + MAX_REPOSITORIES + " per report");
        }
        for (String section : sections) {
            if (!PARTIAL_SECTIONS.contains(section)) {
                throw DomainException.badRequest("Unknown section: " + section);
            }
        }
        if (!partial) {
            if (report.packages() == null || report.packages().isEmpty()) {
                throw DomainException.badRequest("Packages are required for a full report");
            }
            return;
        }
        if (sections.isEmpty()) {
            throw DomainException.badRequest("A partial report must claim at least one section");
        }
        checkSection(sections, "packages", report.packages() != null && !report.packages().isEmpty(), report.packages() != null);
        checkSection(sections, "repos", report.repositories() != null && !report.repositories().isEmpty(), report.repositories() != null);
        checkSection(sections, "interfaces", report.networkInterfaces() != null && !report.networkInterfaces().isEmpty(), report.networkInterfaces() != null);
        checkSection(sections, "hostname", report.hostname() != null && !report.hostname().isBlank(), report.hostname() != null);
        if (report.needsReboot() != null) {
            throw DomainException.badRequest("A partial report must not carry needsReboot");
        }
    }

    private static void checkSection(Set<String> claimed, String section, boolean hasData, boolean sent) {
        if (claimed.contains(section) && !hasData) {
            throw DomainException.badRequest("Section " + section + " was claimed but sent empty");
        }
        if (!claimed.contains(section) && sent) {
            throw DomainException.badRequest("Section " + section + " was sent but not claimed");
        }
    }

    /** Recomputes the hash of every section the report carries; a supplied hash must match it. */
    private Map<String, String> verifyHashes(Report report, Set<String> sections) {
        Map<String, String> computed = new LinkedHashMap<>();
        if (report.packages() != null && sections.contains("packages")) {
            computed.put("packages", canonical.packages(report.packages()));
        }
        if (report.repositories() != null && sections.contains("repos")) {
            computed.put("repos", canonical.repositories(report.repositories()));
        }
        if (report.networkInterfaces() != null && sections.contains("interfaces")) {
            computed.put("interfaces", canonical.interfaces(report.networkInterfaces()));
        }
        if (report.hostname() != null && sections.contains("hostname")) {
            computed.put("hostname", canonical.hostname(report.hostname()));
        }
        Map<String, String> supplied = report.hashes() == null ? Map.of() : report.hashes();
        computed.forEach((section, hash) -> {
            String claimed = supplied.get(CheckInService.SECTIONS.get(section));
            if (claimed != null && !claimed.isEmpty() && !claimed.equals(hash)) {
                throw DomainException.badRequest(section + " hash mismatch");
            }
        });
        return computed;
    }

    /**
     * The agent's IP, unless an operator starred an interface: then that interface's address
     * from this report, or the stored IP when the report does not carry the interfaces.
     */
    private static String reportedIp(Host host, Report report, Set<String> sections) {
        if (host.primaryInterface() == null) {
            return firstNonNull(report.ip(), host.ip());
        }
        if (!sections.contains("interfaces") || report.networkInterfaces() == null) {
            return host.ip();
        }
        return Host.addressOf(host.primaryInterface(), report.networkInterfaces()).orElse(host.ip());
    }

    /**
     * What a report did to the host's packages.
     *
     * @param before the stored packages, read only when the packages hash changed; {@code null} otherwise
     * @param after  the reported packages; {@code null} when the report has no packages section
     * @param fleet  what the changed fleet package aggregates do to the dashboard's package counters
     */
    private record PackageChange(Host.PackageCounts counts, Map<String, HostPackage> before, Map<String, HostPackage> after,
                                 FleetCounters.Delta fleet) {
    }

    private PackageChange applyPackages(TenantContext ctx, String hostId, List<PackageEntry> reported, String newHash, String storedHash) {
        Map<String, HostPackage> wanted = new LinkedHashMap<>();
        for (PackageEntry p : reported) {
            // Last wins on duplicates, exactly as the canonical hash treats them.
            wanted.put(p.name().trim(), new HostPackage(p.name().trim(), nullToEmpty(p.currentVersion()), emptyToNull(p.availableVersion()),
                    p.needsUpdate(), p.isSecurityUpdate(), emptyToNull(p.sourceRepository())));
        }
        int updates = (int) wanted.values().stream().filter(HostPackage::needsUpdate).count();
        int security = (int) wanted.values().stream().filter(HostPackage::securityUpdate).count();
        Host.PackageCounts counts = new Host.PackageCounts(wanted.size(), updates, security);
        if (Objects.equals(newHash, storedHash)) {
            return new PackageChange(counts, null, wanted, FleetCounters.Delta.NONE);
        }
        Map<String, HostPackage> current = new HashMap<>();
        packages.list(ctx, hostId).forEach(p -> current.put(p.name(), p));
        List<HostPackage> upserts = new ArrayList<>();
        wanted.values().forEach(p -> {
            if (!p.equals(current.get(p.name()))) {
                upserts.add(p);
            }
        });
        List<String> removed = current.keySet().stream().filter(name -> !wanted.containsKey(name)).toList();
        packages.apply(ctx, hostId, upserts, removed);
        Map<String, PackageEntry> entries = new HashMap<>();
        reported.forEach(p -> entries.put(p.name().trim(), p));
        FleetCounters.Delta fleetDelta = FleetCounters.Delta.NONE;
        for (HostPackage p : upserts) {
            PackageEntry entry = entries.get(p.name());
            fleetDelta = fleetDelta.plus(catalog.adjust(ctx, p.name(), PackageCatalog.Delta.between(current.get(p.name()), p), entry.description(),
                    entry.category(), p.newestKnownVersion()));
        }
        for (String name : removed) {
            fleetDelta = fleetDelta.plus(catalog.adjust(ctx, name, PackageCatalog.Delta.between(current.get(name), null), null, null, null));
        }
        return new PackageChange(counts, current, wanted, fleetDelta);
    }

    /**
     * Moves "packages per repository" by this report. Nothing is read or written when neither the
     * packages nor the repository list changed; a changed list with unchanged packages re-attributes
     * the host's packages, read from the report when it carries them, else from the host's partition.
     */
    private void followRepositoryPackages(TenantContext ctx, String hostId, List<RepositoryEntry> repositoriesBefore,
                                          List<RepositoryEntry> repositoriesAfter, PackageChange change) {
        if (change.before() == null && !RepositoryPackages.attributionDiffers(repositoriesBefore, repositoriesAfter)) {
            return;
        }
        Collection<HostPackage> after = change.after() != null ? change.after().values() : packages.list(ctx, hostId);
        Collection<HostPackage> before = change.before() != null ? change.before().values() : after;
        repositoryPackages.follow(ctx, repositoriesBefore, before, repositoriesAfter, after);
    }

    /** @return the host's details after the report */
    private HostDetails storeDetails(TenantContext ctx, String hostId, HostDetails before, Report report, Set<String> sections) {
        ItemKey key = ItemKey.of(ctx, "HOST#" + hostId, "DETAILS");
        HostDetails after = new HostDetails(
                sections.contains("repos") && report.repositories() != null ? report.repositories() : before.repositories(),
                sections.contains("interfaces") && report.networkInterfaces() != null ? report.networkInterfaces() : before.networkInterfaces(),
                report.system() != null && !report.system().isEmpty() ? report.system() : before.system());
        if (!after.equals(before)) {
            if (!after.repositories().equals(before.repositories())) {
                // The fleet repository records follow this host's diff; an unchanged list writes nothing.
                repositoryCatalog.apply(ctx, hostId, before.repositories(), after.repositories());
            }
            store.put(ctx, Item.of(key, "host_details", after));
        }
        return after;
    }

    /**
     * Forgets repositories the host reported and the repos hash it was accepted with, so the
     * host's next check-in resends its list and anything still configured there is recorded
     * again (chapter 7: a deleted repository a host still uses reappears).
     */
    public void forgetRepositories(TenantContext ctx, String hostId, Predicate<RepositoryEntry> which) {
        ItemKey key = ItemKey.of(ctx, "HOST#" + hostId, "DETAILS");
        store.get(ctx, key, HostDetails.class).ifPresent(d -> store.put(ctx, Item.of(key, "host_details",
                new HostDetails(d.repositories().stream().filter(which.negate()).toList(), d.networkInterfaces(), d.system()))));
        states.update(ctx, hostId, state -> {
            Map<String, String> hashes = new HashMap<>(state.hashes());
            hashes.remove("repos");
            return new HostState(hashes, state.metrics(), state.agentVersion(), state.agentExecutionMs(), state.needsReboot(),
                    state.rebootReason(), state.lastCheckInAt(), state.ingestLease(), state.packageCounts());
        });
    }

    public HostDetails details(TenantContext ctx, String hostId) {
        return store.get(ctx, ItemKey.of(ctx, "HOST#" + hostId, "DETAILS"), HostDetails.class).orElse(new HostDetails(List.of(), List.of(), Map.of()));
    }

    private static String firstNonNull(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value.trim();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
