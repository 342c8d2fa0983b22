package cloud.patchmon.api.packages;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.packages.PackageQueryService;
import cloud.patchmon.core.packages.PackageSummary;
import cloud.patchmon.core.rbac.Permission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The Packages page's inventory (chapter 6). */
@RestController
public class PackagesController {

    private final PackageQueryService packages;

    public PackagesController(PackageQueryService packages) {
        this.packages = packages;
    }

    public record PackageView(String id, String name, String description, String category, String latestVersion, long hostsInstalled,
                              long hostsNeedingUpdate, long hostsSecurity, String status) {
        static PackageView of(PackageSummary p) {
            String status = switch (PackageQueryService.statusRank(p)) {
                case 0 -> "security";
                case 1 -> "update";
                default -> "up-to-date";
            };
            return new PackageView(p.name(), p.name(), p.description(), p.category(), p.latestVersion(), p.hostsInstalled(),
                    p.hostsNeedingUpdate(), p.hostsSecurity(), status);
        }
    }

    public record Pagination(int page, int limit, int total, int pages) {
    }

    public record PackagesResponse(List<PackageView> packages, Pagination pagination, PackageQueryService.Summary summary) {
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
                new Pagination(result.page(), result.limit(), result.total(), result.pages()), result.summary());
    }
}
