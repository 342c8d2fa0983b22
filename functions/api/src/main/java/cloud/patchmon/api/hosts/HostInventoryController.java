package cloud.patchmon.api.hosts;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.hosts.HostInventoryService;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.HostState;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.RepositoryEntry;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.storage.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    public record Pagination(int page, int limit, int total, int pages) {
    }

    /** {@code total} counts the packages matching the query; {@code installed} and the update counts are the whole host's. */
    public record PackagesResponse(List<PackageView> packages, int total, int installed, int updatesAvailable, int securityUpdates,
                                   Pagination pagination) {
    }

    public record ReportsResponse(List<ReportService.ReportRecord> reports, String nextCursor) {
    }

    /** The agent sends camelCase; the web app reads snake_case like every other response. */
    public record RepositoryView(String name, String url, String distribution, String components, String repoType, boolean isEnabled,
                                 boolean isSecure) {
        static RepositoryView of(RepositoryEntry r) {
            return new RepositoryView(r.name(), r.url(), r.distribution(), r.components(), r.repoType(), r.isEnabled(), r.isSecure());
        }
    }

    public record AddressView(String address, String family, String netmask, String gateway) {
    }

    public record InterfaceView(String name, String type, String macAddress, Integer mtu, String status, Integer linkSpeed, String duplex,
                                List<AddressView> addresses) {
        static InterfaceView of(NetworkInterface n) {
            List<AddressView> addresses = n.addresses() == null ? List.of() : n.addresses().stream().filter(Objects::nonNull)
                    .map(a -> new AddressView(a.address(), a.family(), a.netmask(), a.gateway())).toList();
            return new InterfaceView(n.name(), n.type(), n.macAddress(), n.mtu(), n.status(), n.linkSpeed(), n.duplex(), addresses);
        }
    }

    /**
     * The system facts of the last report that carried them; absent facts are null. Disks keep the
     * keys the agent sent, which differ between agent versions.
     */
    public record SystemView(String kernelVersion, String installedKernelVersion, String selinuxStatus, String packageManager,
                             String cpuModel, Number cpuCores, Number ramInstalled, Number swapSize, List<?> diskDetails, String gatewayIp,
                             List<?> dnsServers, String systemUptime, Object loadAverage, String machineId, String bootTime,
                             Number cpuSockets, Number cpuMhz, String hardwareVendor, String hardwareProduct, String hardwareSerial) {
        static SystemView of(Map<String, Object> facts) {
            return new SystemView(text(facts, "kernelVersion"), text(facts, "installedKernelVersion"), text(facts, "selinuxStatus"),
                    text(facts, "packageManager"), text(facts, "cpuModel"), number(facts, "cpuCores"), number(facts, "ramInstalled"),
                    number(facts, "swapSize"), list(facts, "diskDetails"), text(facts, "gatewayIp"), list(facts, "dnsServers"),
                    text(facts, "systemUptime"), facts.get("loadAverage"), text(facts, "machineId"), text(facts, "bootTime"),
                    number(facts, "cpuSockets"), number(facts, "cpuMhz"), text(facts, "hardwareVendor"), text(facts, "hardwareProduct"),
                    text(facts, "hardwareSerial"));
        }

        private static String text(Map<String, Object> facts, String key) {
            return facts.get(key) instanceof String value && !value.isBlank() ? value : null;
        }

        private static Number number(Map<String, Object> facts, String key) {
            return facts.get(key) instanceof Number value ? value : null;
        }

        private static List<?> list(Map<String, Object> facts, String key) {
            return facts.get(key) instanceof List<?> value ? value : List.of();
        }
    }

    public record DetailsResponse(List<RepositoryView> repositories, List<InterfaceView> networkInterfaces, SystemView system,
                                  Instant lastCheckInAt, Map<String, Object> metrics, Boolean needsReboot, String rebootReason,
                                  String agentVersion) {
    }

    @GetMapping("/api/v1/hosts/{id}/packages")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public PackagesResponse packages(AuthenticatedUser actor, @PathVariable String id,
                                     @RequestParam(required = false) String search,
                                     @RequestParam(name = "updates_only", defaultValue = "false") boolean updatesOnly,
                                     @RequestParam(name = "security_only", defaultValue = "false") boolean securityOnly,
                                     @RequestParam(defaultValue = "1") int page,
                                     @RequestParam(defaultValue = "50") int limit) {
        HostInventoryService.PackagePage result = inventory.packages(actor.context(), id,
                new HostInventoryService.PackageQuery(search, updatesOnly, securityOnly, page, limit));
        return new PackagesResponse(result.packages().stream().map(PackageView::of).toList(), result.total(), result.installed(),
                result.updates(), result.security(), new Pagination(result.page(), result.limit(), result.total(), result.pages()));
    }

    @GetMapping("/api/v1/hosts/{id}/details")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public DetailsResponse details(AuthenticatedUser actor, @PathVariable String id) {
        ReportService.HostDetails details = inventory.details(actor.context(), id);
        HostState state = inventory.state(actor.context(), id);
        return new DetailsResponse(details.repositories().stream().map(RepositoryView::of).toList(),
                details.networkInterfaces().stream().map(InterfaceView::of).toList(), SystemView.of(details.system()), state.lastCheckInAt(),
                state.metrics(), state.needsReboot(), state.rebootReason(), state.agentVersion());
    }

    @GetMapping("/api/v1/hosts/{id}/reports")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public ReportsResponse reports(AuthenticatedUser actor, @PathVariable String id, @RequestParam(defaultValue = "10") int limit,
                                   @RequestParam(required = false) String cursor) {
        Page<ReportService.ReportRecord> page = inventory.reports(actor.context(), id, limit, cursor);
        return new ReportsResponse(page.items(), page.nextCursor().orElse(null));
    }
}
