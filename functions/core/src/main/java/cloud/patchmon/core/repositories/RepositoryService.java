package cloud.patchmon.core.repositories;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Repositories page and Repository Detail (chapter 7): the list with its filters, the cards, edits and deletion. */
public final class RepositoryService {

    static final int MAX_NAME = 255;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_PRIORITY = 1_000_000;
    private static final int EDIT_ATTEMPTS = 3;
    static final Set<Integer> PAGE_SIZES = Set.of(25, 50, 100, 200);

    private final RepositoryCatalog catalog;
    private final RepositoryPackages packages;
    private final HostRepository hosts;
    private final ReportService reports;
    private final Clock clock;

    public RepositoryService(ItemStore store, ReportService reports, Clock clock) {
        this.catalog = new RepositoryCatalog(store, clock);
        this.packages = new RepositoryPackages(store);
        this.hosts = new HostRepository(store);
        this.reports = reports;
        this.clock = clock;
    }

    /** The toolbar: {@code status} all/active/inactive, {@code type} all/secure/insecure, {@code hostId} one host's repositories. */
    public record Filter(String search, String status, String type, String hostId) {
    }

    /** The four cards; the score is secure ÷ total as a whole percentage. */
    public record Summary(long totalRepositories, long activeRepositories, long secureRepositories, int securityScore) {
    }

    /** A host using a repository, for "Hosts Using This Repository". */
    public record RepositoryHost(Host host, boolean enabled) {
    }

    public record Detail(Repository repository, List<RepositoryHost> hosts) {
    }

    /** "Packages from this Repository": a name search and a page of 25, 50, 100 or 200 rows. */
    public record PackagesQuery(String search, int page, int limit) {
    }

    public record PackagesResult(List<RepositoryPackages.RepositoryPackage> packages, int page, int limit, int total) {
        public int pages() {
            return total == 0 ? 0 : (total + limit - 1) / limit;
        }
    }

    /** The inline edit; {@code null} leaves a field as it is, a blank description clears it. */
    public record Edit(String name, String description, Boolean active, Integer priority) {
    }

    public List<Repository> list(TenantContext ctx, Filter filter) {
        List<FieldViolation> problems = new ArrayList<>();
        String status = option(filter.status(), Set.of("all", "active", "inactive"), "status", problems);
        String type = option(filter.type(), Set.of("all", "secure", "insecure"), "type", problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Set<String> onHost = filter.hostId() == null || filter.hostId().isBlank() ? null : repositoryIdsOf(ctx, filter.hostId());
        String needle = filter.search() == null ? "" : filter.search().trim().toLowerCase(Locale.ROOT);
        return catalog.list(ctx).stream()
                .filter(r -> onHost == null || onHost.contains(r.id()))
                .filter(r -> needle.isEmpty() || contains(r.displayName(), needle) || contains(r.reportedName(), needle) || contains(r.url(), needle))
                .filter(r -> status.equals("all") || r.active() == status.equals("active"))
                .filter(r -> type.equals("all") || r.secure() == type.equals("secure"))
                .sorted(Comparator.comparing((Repository r) -> r.displayName().toLowerCase(Locale.ROOT)).thenComparing(Repository::url)
                        .thenComparing(Repository::id))
                .toList();
    }

    public Summary summary(TenantContext ctx) {
        List<Repository> all = catalog.list(ctx);
        long secure = all.stream().filter(Repository::secure).count();
        return new Summary(all.size(), all.stream().filter(Repository::active).count(), secure,
                all.isEmpty() ? 0 : (int) Math.round(100.0 * secure / all.size()));
    }

    public Detail get(TenantContext ctx, String id) {
        return new Detail(require(ctx, id), hostsOf(ctx, catalog.links(ctx, id)));
    }

    /** The packages hosts have from the repository, by name: one query of its aggregates, whatever the fleet size. */
    public PackagesResult packages(TenantContext ctx, String id, PackagesQuery query) {
        List<FieldViolation> problems = new ArrayList<>();
        if (!PAGE_SIZES.contains(query.limit())) {
            problems.add(new FieldViolation("limit must be 25, 50, 100 or 200", "limit", "query"));
        }
        if (query.page() < 1) {
            problems.add(new FieldViolation("page must be 1 or more", "page", "query"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        require(ctx, id);
        String needle = query.search() == null ? "" : query.search().trim().toLowerCase(Locale.ROOT);
        List<RepositoryPackages.RepositoryPackage> rows = packages.list(ctx, id).stream()
                .filter(p -> needle.isEmpty() || contains(p.name(), needle))
                .sorted(Comparator.comparing((RepositoryPackages.RepositoryPackage p) -> p.name().toLowerCase(Locale.ROOT))
                        .thenComparing(RepositoryPackages.RepositoryPackage::name))
                .toList();
        int from = Math.min(rows.size(), (query.page() - 1) * query.limit());
        return new PackagesResult(rows.subList(from, Math.min(rows.size(), from + query.limit())), query.page(), query.limit(), rows.size());
    }

    public Repository update(TenantContext ctx, String id, Edit edit) {
        List<FieldViolation> problems = new ArrayList<>();
        if (edit.name() != null && (edit.name().isBlank() || edit.name().length() > MAX_NAME)) {
            problems.add(new FieldViolation("Name is required (max " + MAX_NAME + " characters)", "name", "body"));
        }
        if (edit.description() != null && edit.description().length() > MAX_DESCRIPTION) {
            problems.add(new FieldViolation("Description must be at most " + MAX_DESCRIPTION + " characters", "description", "body"));
        }
        if (edit.priority() != null && (edit.priority() < 0 || edit.priority() > MAX_PRIORITY)) {
            problems.add(new FieldViolation("Priority must be a whole number from 0 to " + MAX_PRIORITY, "priority", "body"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        for (int attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
            Repository r = require(ctx, id);
            Repository updated = new Repository(r.id(), r.url(), r.distribution(), r.components(), r.repoType(), r.secure(), r.reportedName(),
                    edit.name() == null ? r.name() : edit.name().trim(),
                    edit.description() == null ? r.description() : edit.description().isBlank() ? null : edit.description().trim(),
                    edit.priority() == null ? r.priority() : edit.priority(),
                    edit.active() == null ? r.deactivated() : !edit.active(),
                    r.hosts(), r.hostsEnabled(), r.version() + 1, clock.instant());
            if (catalog.replace(ctx, updated, r.version())) {
                return updated;
            }
        }
        throw DomainException.conflict("The repository changed meanwhile; try again");
    }

    /**
     * Removes the record, its memberships and its package aggregates. Hosts that used it forget it
     * too, so the next check-in of any host that still has it configured brings it back (chapter 7).
     */
    public Detail delete(TenantContext ctx, String id) {
        Repository repository = require(ctx, id);
        List<RepositoryLink> links = catalog.links(ctx, id);
        catalog.remove(ctx, id, links);
        packages.remove(ctx, id);
        for (RepositoryLink link : links) {
            reports.forgetRepositories(ctx, link.hostId(), e -> id.equals(ReportedRepository.idOf(e)));
        }
        return new Detail(repository, hostsOf(ctx, links));
    }

    private List<RepositoryHost> hostsOf(TenantContext ctx, List<RepositoryLink> links) {
        Map<String, Host> byId = hosts.list(ctx).stream().collect(Collectors.toMap(Host::id, Function.identity()));
        return links.stream()
                .filter(l -> byId.containsKey(l.hostId()))
                .map(l -> new RepositoryHost(byId.get(l.hostId()), l.enabled()))
                .sorted(Comparator.comparing((RepositoryHost h) -> h.host().friendlyName().toLowerCase(Locale.ROOT)).thenComparing(h -> h.host().id()))
                .toList();
    }

    private Set<String> repositoryIdsOf(TenantContext ctx, String hostId) {
        if (hosts.find(ctx, hostId).isEmpty()) {
            throw DomainException.notFound("Host not found");
        }
        return ReportedRepository.of(reports.details(ctx, hostId).repositories()).keySet();
    }

    private Repository require(TenantContext ctx, String id) {
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw DomainException.notFound("Repository not found");
        }
        return catalog.find(ctx, id).orElseThrow(() -> DomainException.notFound("Repository not found"));
    }

    private static String option(String value, Set<String> allowed, String param, List<FieldViolation> problems) {
        String chosen = value == null || value.isBlank() ? "all" : value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(chosen)) {
            problems.add(new FieldViolation(param + " must be one of " + String.join(", ", allowed.stream().sorted().toList()), param, "query"));
        }
        return chosen;
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }
}
