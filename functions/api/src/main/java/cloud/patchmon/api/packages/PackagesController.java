package cloud.patchmon.api.packages;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.packages.PackageQueryService;
import cloud.patchmon.core.packages.PackageSummary;
import cloud.patchmon.core.rbac.Permission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** The Packages page's inventory and the Package Detail page (chapter 6). A package's id is its name. */
@RestController
public class PackagesController {

    private final PackageQueryService packages;

    public PackagesController(PackageQueryService packages) {
        this.packages = packages;
    }

    public record PackageView(String id, String name, String description, String category, String latestVersion, long hostsInstalled,
                              long hostsNeedingUpdate, long hostsSecurity, String status,
                              List<PackageQueryService.RepositoryUse> sourceRepositories) {
        static PackageView of(PackageSummary p) {
            String status = switch (PackageQueryService.statusRank(p)) {
                case 0 -> "security";
                case 1 -> "update";
                default -> "up-to-date";
            };
            return new PackageView(p.name(), p.name(), p.description(), p.category(), p.latestVersion(), p.hostsInstalled(),
                    p.hostsNeedingUpdate(), p.hostsSecurity(), status, PackageQueryService.sourceRepositories(p));
        }
    }

    public record Pagination(int page, int limit, int total, int pages) {
    }

    public record PackagesResponse(List<PackageView> packages, Pagination pagination, PackageQueryService.Summary summary,
                                   List<String> categories) {
    }

    public record Stats(long totalInstalls, long updatesNeeded, long securityUpdates, long upToDate) {
    }

    public record DetailResponse(String id, String name, String description, String category, String latestVersion, String status,
                                 Instant lastReportedAt, Stats stats, List<PackageQueryService.RepositoryUse> repositories) {
    }

    public record HostRow(String hostId, String friendlyName, String hostname, String osType, String osVersion, String currentVersion,
                          String availableVersion, boolean needsUpdate, boolean isSecurityUpdate, String sourceRepository,
                          Instant lastUpdate, boolean needsReboot) {
        static HostRow of(PackageQueryService.PackageHost row) {
            var h = row.host();
            var i = row.installation();
            return new HostRow(h.id(), h.friendlyName(), h.hostname(), h.osType(), h.osVersion(), i.currentVersion(), i.availableVersion(),
                    i.needsUpdate(), i.securityUpdate(), i.sourceRepository(), h.lastUpdate(), h.needsReboot());
        }
    }

    public record HostsResponse(List<HostRow> hosts, Pagination pagination) {
    }

    @GetMapping("/api/v1/packages")
    @RequiresPermission(Permission.CAN_VIEW_PACKAGES)
    public PackagesResponse list(AuthenticatedUser actor,
                                 @RequestParam(required = false) String search,
                                 @RequestParam(required = false) String category,
                                 @RequestParam(required = false) String filter,
                                 @RequestParam(required = false) String host,
                                 @RequestParam(required = false) String sort,
                                 @RequestParam(required = false) String order,
                                 @RequestParam(defaultValue = "1") int page,
                                 @RequestParam(defaultValue = "25") int limit) {
        PackageQueryService.Result result = packages.search(actor.context(),
                new PackageQueryService.Query(search, category, filter, host, sort, order, page, limit));
        return new PackagesResponse(result.packages().stream().map(PackageView::of).toList(),
                new Pagination(result.page(), result.limit(), result.total(), result.pages()), result.summary(), result.categories());
    }

    @GetMapping("/api/v1/packages/{id}")
    @RequiresPermission(Permission.CAN_VIEW_PACKAGES)
    public DetailResponse detail(AuthenticatedUser actor, @PathVariable String id) {
        PackageQueryService.Detail detail = packages.detail(actor.context(), id);
        PackageView view = PackageView.of(detail.summary());
        PackageSummary s = detail.summary();
        return new DetailResponse(view.id(), view.name(), view.description(), view.category(), view.latestVersion(), view.status(),
                detail.lastReportedAt(), new Stats(s.hostsInstalled(), s.hostsNeedingUpdate(), s.hostsSecurity(), detail.upToDate()),
                detail.repositories());
    }

    @GetMapping("/api/v1/packages/{id}/hosts")
    @RequiresPermission(Permission.CAN_VIEW_PACKAGES)
    public HostsResponse hosts(AuthenticatedUser actor, @PathVariable String id,
                               @RequestParam(name = "only_pending", defaultValue = "false") boolean onlyPending,
                               @RequestParam(required = false) String search,
                               @RequestParam(defaultValue = "1") int page,
                               @RequestParam(defaultValue = "25") int limit) {
        PackageQueryService.HostsResult result = packages.hosts(actor.context(), id,
                new PackageQueryService.HostsQuery(onlyPending, search, page, limit));
        return new HostsResponse(result.hosts().stream().map(HostRow::of).toList(),
                new Pagination(result.page(), result.limit(), result.total(), result.pages()));
    }
}
