package cloud.patchmon.api.repositories;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.repositories.Repository;
import cloud.patchmon.core.repositories.RepositoryPackages;
import cloud.patchmon.core.repositories.RepositoryService;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** The Repositories page and Repository Detail (chapter 7). */
@RestController
public class RepositoriesController {

    private final RepositoryService repositories;

    public RepositoriesController(RepositoryService repositories) {
        this.repositories = repositories;
    }

    public record RepositoryView(String id, String name, String reportedName, String url, String distribution, String components,
                                 String repoType, boolean isSecure, boolean isActive, boolean deactivated, String description,
                                 Integer priority, long hostCount, long enabledHostCount, Instant updatedAt) {
        static RepositoryView of(Repository r) {
            return new RepositoryView(r.id(), r.displayName(), r.reportedName(), r.url(), r.distribution(), r.components(), r.repoType(),
                    r.secure(), r.active(), r.deactivated(), r.description(), r.priority(), r.hosts(), r.hostsEnabled(), r.updatedAt());
        }
    }

    public record HostView(String id, String friendlyName, String hostname, String ip, String osType, String osVersion, String status,
                           Instant lastUpdate, boolean isEnabled) {
        static HostView of(RepositoryService.RepositoryHost h) {
            Host host = h.host();
            return new HostView(host.id(), host.friendlyName(), host.hostname(), host.ip(), host.osType(), host.osVersion(), host.status(),
                    host.lastUpdate(), h.enabled());
        }
    }

    public record DetailView(RepositoryView repository, List<HostView> hosts) {
    }

    /** @param hostCount hosts that have the package from this repository */
    public record PackageView(String id, String name, long hostCount) {
        static PackageView of(RepositoryPackages.RepositoryPackage p) {
            return new PackageView(p.name(), p.name(), p.hosts());
        }
    }

    public record Pagination(int page, int limit, int total, int pages) {
    }

    public record PackagesResponse(List<PackageView> packages, Pagination pagination) {
    }

    public record SummaryView(long totalRepositories, long activeRepositories, long secureRepositories, int securityScore) {
    }

    public record EditBody(String name, String description, Boolean isActive, Integer priority) {
    }

    public record RepositoryResponse(String message, RepositoryView repository) {
    }

    public record Deleted(String id, String name, String url, int hostCount) {
    }

    public record DeletedResponse(String message, Deleted deletedRepository) {
    }

    @GetMapping("/api/v1/repositories")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public List<RepositoryView> list(AuthenticatedUser actor, @RequestParam(required = false) String search,
                                     @RequestParam(required = false) String status, @RequestParam(required = false) String type,
                                     @RequestParam(required = false) String host) {
        return repositories.list(actor.context(), new RepositoryService.Filter(search, status, type, host)).stream()
                .map(RepositoryView::of).toList();
    }

    @GetMapping("/api/v1/repositories/stats/summary")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public SummaryView summary(AuthenticatedUser actor) {
        RepositoryService.Summary s = repositories.summary(actor.context());
        return new SummaryView(s.totalRepositories(), s.activeRepositories(), s.secureRepositories(), s.securityScore());
    }

    @GetMapping("/api/v1/repositories/{id}")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public DetailView get(AuthenticatedUser actor, @PathVariable String id) {
        RepositoryService.Detail detail = repositories.get(actor.context(), id);
        return new DetailView(RepositoryView.of(detail.repository()), detail.hosts().stream().map(HostView::of).toList());
    }

    /** "Packages from this Repository": a package's id is its name, as on the Packages page. */
    @GetMapping("/api/v1/repositories/{id}/packages")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public PackagesResponse packages(AuthenticatedUser actor, @PathVariable String id,
                                     @RequestParam(required = false) String search,
                                     @RequestParam(defaultValue = "1") int page,
                                     @RequestParam(defaultValue = "25") int limit) {
        RepositoryService.PackagesResult result = repositories.packages(actor.context(), id, new RepositoryService.PackagesQuery(search, page, limit));
        return new PackagesResponse(result.packages().stream().map(PackageView::of).toList(),
                new Pagination(result.page(), result.limit(), result.total(), result.pages()));
    }

    @PutMapping("/api/v1/repositories/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public RepositoryResponse replace(AuthenticatedUser actor, @PathVariable String id, @RequestBody EditBody body) {
        return edit(actor, id, body);
    }

    @PatchMapping("/api/v1/repositories/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public RepositoryResponse update(AuthenticatedUser actor, @PathVariable String id, @RequestBody EditBody body) {
        return edit(actor, id, body);
    }

    private RepositoryResponse edit(AuthenticatedUser actor, String id, EditBody body) {
        Repository updated = repositories.update(actor.context(), id,
                new RepositoryService.Edit(body.name(), body.description(), body.isActive(), body.priority()));
        return new RepositoryResponse("Repository updated successfully", RepositoryView.of(updated));
    }

    @DeleteMapping("/api/v1/repositories/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public DeletedResponse delete(AuthenticatedUser actor, @PathVariable String id) {
        RepositoryService.Detail removed = repositories.delete(actor.context(), id);
        Repository r = removed.repository();
        return new DeletedResponse("Repository deleted successfully", new Deleted(r.id(), r.displayName(), r.url(), removed.hosts().size()));
    }
}
