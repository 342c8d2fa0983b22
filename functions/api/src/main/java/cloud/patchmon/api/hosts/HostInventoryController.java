package cloud.patchmon.api.hosts;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.hosts.HostInventoryService;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostState;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.ingest.NetworkInterface;
import cloud.patchmon.core.ingest.RepositoryEntry;
import cloud.patchmon.core.rbac.Permission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Host Detail's tabs (chapter 4): packages, system and network details, check-in state, package reports. */
@RestController
public class HostInventoryController {

    private final HostInventoryService inventory;

    public HostInventoryController(HostInventoryService inventory) {
        this.inventory = inventory;
    }

    public record PackageView(String name, String currentVersion, String availableVersion, boolean needsUpdate,
                              boolean isSecurityUpdate, String sourceRepository) {
        static PackageView of(HostPackage p) {
            return new PackageView(p.name(), p.currentVersion(), p.availableVersion(), p.needsUpdate(), p.securityUpdate(), p.sourceRepository());
        }
    }

    public record PackagesResponse(List<PackageView> packages, int total, int updatesAvailable, int securityUpdates) {
    }

    public record DetailsResponse(List<RepositoryEntry> repositories, List<NetworkInterface> networkInterfaces, Map<String, Object> system,
                                  Instant lastCheckInAt, Map<String, Object> metrics, Boolean needsReboot, String rebootReason,
                                  String agentVersion) {
    }

    @GetMapping("/api/v1/hosts/{id}/packages")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public PackagesResponse packages(AuthenticatedUser actor, @PathVariable String id,
                                     @RequestParam(name = "updates_only", defaultValue = "false") boolean updatesOnly) {
        List<HostPackage> all = inventory.packages(actor.context(), id, updatesOnly);
        return new PackagesResponse(all.stream().map(PackageView::of).toList(), all.size(),
                (int) all.stream().filter(HostPackage::needsUpdate).count(), (int) all.stream().filter(HostPackage::securityUpdate).count());
    }

    @GetMapping("/api/v1/hosts/{id}/details")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public DetailsResponse details(AuthenticatedUser actor, @PathVariable String id) {
        ReportService.HostDetails details = inventory.details(actor.context(), id);
        HostState state = inventory.state(actor.context(), id);
        return new DetailsResponse(details.repositories(), details.networkInterfaces(), details.system(), state.lastCheckInAt(),
                state.metrics(), state.needsReboot(), state.rebootReason(), state.agentVersion());
    }

    @GetMapping("/api/v1/hosts/{id}/reports")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public List<ReportService.ReportRecord> reports(AuthenticatedUser actor, @PathVariable String id,
                                                    @RequestParam(defaultValue = "10") int limit) {
        return inventory.reports(actor.context(), id, limit);
    }
}
