package cloud.patchmon.api.integrations;

import cloud.patchmon.api.security.IntegrationEndpoint;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.hosts.HostPackage;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.integrations.IntegrationAuthenticator;
import cloud.patchmon.core.integrations.IntegrationAuthenticator.Credential;
import cloud.patchmon.core.integrations.IntegrationHostService;
import cloud.patchmon.core.packages.PackageSummary;
import cloud.patchmon.protocol.NetworkInterface;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The scoped Integration API under {@code /api/v1/api} (chapter 31): Basic auth with a credential of usage type
 * {@code api}, {@code host:get} to read, {@code host:delete} to delete. Field names and shapes are the chapter's examples.
 */
@RestController
public class IntegrationApiController {

    static final String DOCKER_DESCRIPTION = "Monitor Docker containers, images, volumes, and networks. Collects real-time container status events.";

    private final IntegrationHostService hosts;

    public IntegrationApiController(IntegrationHostService hosts) {
        this.hosts = hosts;
    }

    public record GroupRef(String id, String name) {
        static List<GroupRef> of(Host host, Map<String, HostGroup> groups) {
            return host.groupIds().stream().map(groups::get).filter(Objects::nonNull).map(g -> new GroupRef(g.id(), g.name())).toList();
        }
    }

    public record HostsResponse(List<Map<String, Object>> hosts, int total,
                                @JsonInclude(JsonInclude.Include.NON_NULL) List<String> filteredByGroups) {
    }

    @GetMapping("/api/v1/api/hosts")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public HostsResponse list(Credential credential, @RequestParam(required = false) String hostgroup,
                              @RequestParam(required = false) String include) {
        boolean stats = include != null && Arrays.stream(include.split(",")).map(String::trim).anyMatch("stats"::equals);
        IntegrationHostService.Listing listing = hosts.list(credential.context(), hostgroup);
        List<Map<String, Object>> rows = listing.hosts().stream().map(h -> row(h, listing.groups(), stats)).toList();
        return new HostsResponse(rows, rows.size(), listing.filteredBy());
    }

    /** A map keeps the chapter's field order, with the stats fields (only with {@code include=stats}) after the groups. */
    private static Map<String, Object> row(Host h, Map<String, HostGroup> groups, boolean stats) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", h.id());
        row.put("friendly_name", h.friendlyName());
        row.put("hostname", h.hostname());
        row.put("ip", h.ip());
        row.put("host_groups", GroupRef.of(h, groups));
        if (stats) {
            row.put("os_type", h.osType());
            row.put("os_version", h.osVersion());
            row.put("last_update", h.lastUpdate());
            row.put("status", h.status());
            row.put("needs_reboot", h.needsReboot());
            row.put("updates_count", h.counts().outdated());
            row.put("security_updates_count", h.counts().security());
            row.put("total_packages", h.counts().total());
        }
        return row;
    }

    public record HostStatsResponse(String hostId, int totalInstalledPackages, int outdatedPackages, int securityUpdates, int totalRepos) {
    }

    @GetMapping("/api/v1/api/hosts/{id}/stats")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public HostStatsResponse stats(Credential credential, @PathVariable String id) {
        IntegrationHostService.HostStats s = hosts.stats(credential.context(), id);
        Host.PackageCounts c = s.host().counts();
        return new HostStatsResponse(s.host().id(), c.total(), c.outdated(), c.security(), s.repositories());
    }

    public record InfoResponse(String id, String machineId, String friendlyName, String hostname, String ip, String osType, String osVersion,
                               String agentVersion, List<GroupRef> hostGroups) {
    }

    @GetMapping("/api/v1/api/hosts/{id}/info")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public InfoResponse info(Credential credential, @PathVariable String id) {
        IntegrationHostService.Details d = hosts.details(credential.context(), id);
        Host h = d.host();
        List<GroupRef> groups = hosts.groupsOf(credential.context(), h).stream().map(g -> new GroupRef(g.id(), g.name())).toList();
        return new InfoResponse(h.id(), text(d.details().system(), "machineId"), h.friendlyName(), h.hostname(), h.ip(), h.osType(),
                h.osVersion(), h.agentVersion() != null ? h.agentVersion() : d.state().agentVersion(), groups);
    }

    public record InterfaceRef(String name, String ip, String mac) {
    }

    public record NetworkResponse(String id, String ip, String gatewayIp, List<?> dnsServers, List<InterfaceRef> networkInterfaces) {
    }

    @GetMapping("/api/v1/api/hosts/{id}/network")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public NetworkResponse network(Credential credential, @PathVariable String id) {
        IntegrationHostService.Details d = hosts.details(credential.context(), id);
        List<NetworkInterface> interfaces = d.details().networkInterfaces();
        List<InterfaceRef> refs = interfaces.stream().filter(Objects::nonNull)
                .map(n -> new InterfaceRef(n.name(), Host.addressOf(n.name(), interfaces).orElse(null), n.macAddress())).toList();
        Map<String, Object> facts = d.details().system();
        return new NetworkResponse(d.host().id(), d.host().ip(), text(facts, "gatewayIp"),
                facts.get("dnsServers") instanceof List<?> dns ? dns : List.of(), refs);
    }

    public record SystemResponse(String id, String architecture, String kernelVersion, String installedKernelVersion, String selinuxStatus,
                                 String systemUptime, String cpuModel, Number cpuCores, Number ramInstalled, Number swapSize,
                                 Map<String, Object> loadAverage, List<Map<String, Object>> diskDetails, boolean needsReboot,
                                 String rebootReason) {
    }

    @GetMapping("/api/v1/api/hosts/{id}/system")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public SystemResponse system(Credential credential, @PathVariable String id) {
        IntegrationHostService.Details d = hosts.details(credential.context(), id);
        Map<String, Object> f = d.details().system();
        return new SystemResponse(d.host().id(), d.host().architecture(), text(f, "kernelVersion"), text(f, "installedKernelVersion"),
                text(f, "selinuxStatus"), text(f, "systemUptime"), text(f, "cpuModel"), number(f, "cpuCores"), number(f, "ramInstalled"),
                number(f, "swapSize"), loadAverage(f.get("loadAverage")), disks(f.get("diskDetails")), d.host().needsReboot(),
                d.state().rebootReason());
    }

    /** Agents send {@code [1, 5, 15]} (this one) or a map; either becomes the chapter's {@code {"1min", "5min", "15min"}}. */
    static Map<String, Object> loadAverage(Object value) {
        if (value instanceof List<?> list && !list.isEmpty()) {
            Map<String, Object> load = new LinkedHashMap<>();
            String[] names = {"1min", "5min", "15min"};
            for (int i = 0; i < Math.min(3, list.size()); i++) {
                load.put(names[i], list.get(i));
            }
            return load;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> load = new LinkedHashMap<>();
            map.forEach((k, v) -> load.put(String.valueOf(k), v));
            return load;
        }
        return null;
    }

    /** Disk entries differ between agent versions; each becomes the chapter's six fields. */
    static List<Map<String, Object>> disks(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(Map.class::cast).map(d -> {
            Map<String, Object> disk = new LinkedHashMap<>();
            disk.put("filesystem", first(d, "filesystem", "device", "fileSystem"));
            disk.put("size", first(d, "size"));
            disk.put("used", first(d, "used"));
            disk.put("available", first(d, "available"));
            Object percent = first(d, "use_percent", "usedPercent", "usage");
            disk.put("use_percent", percent instanceof Number n ? n.intValue() + "%" : percent);
            disk.put("mounted_on", first(d, "mounted_on", "mountPoint", "mountpoint", "mount"));
            return disk;
        }).toList();
    }

    private static Object first(Map<?, ?> map, String... keys) {
        for (String key : keys) {
            Object value = map.get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    public record HostRef(String id, String hostname, String friendlyName) {
    }

    public record PackageView(String id, String name, String description, String category, String currentVersion, String availableVersion,
                              boolean needsUpdate, boolean isSecurityUpdate, Instant lastChecked) {
    }

    public record PackagesResponse(HostRef host, List<PackageView> packages, int total) {
    }

    @GetMapping("/api/v1/api/hosts/{id}/packages")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public PackagesResponse packages(Credential credential, @PathVariable String id,
                                     @RequestParam(name = "updates_only", required = false) String updatesOnly) {
        IntegrationHostService.Packages result = hosts.packages(credential.context(), id, "true".equalsIgnoreCase(updatesOnly));
        Host h = result.host();
        List<PackageView> views = result.packages().stream().map(p -> view(h, p, result.descriptions().get(p.name()))).toList();
        return new PackagesResponse(new HostRef(h.id(), h.hostname(), h.friendlyName()), views, views.size());
    }

    /** The host-package record's id is derived from host and package, so it stays the same across reports. */
    private static PackageView view(Host h, HostPackage p, PackageSummary summary) {
        return new PackageView(UUID.nameUUIDFromBytes((h.id() + "/" + p.name()).getBytes(StandardCharsets.UTF_8)).toString(), p.name(),
                summary == null ? null : summary.description(), summary == null ? null : summary.category(), p.currentVersion(),
                p.availableVersion(), p.needsUpdate(), p.securityUpdate(), h.lastUpdate());
    }

    public record ReportView(String id, String status, Instant date, int totalPackages, int outdatedPackages, int securityUpdates,
                             double payloadKb, Double executionTimeSeconds, String errorMessage) {
        static ReportView of(String hostId, ReportService.ReportRecord r) {
            String id = UUID.nameUUIDFromBytes((hostId + "/" + r.reportedAt()).getBytes(StandardCharsets.UTF_8)).toString();
            return new ReportView(id, "success", r.reportedAt(), r.packages(), r.updates(), r.security(),
                    Math.round(r.payloadBytes() / 102.4) / 10.0, r.agentExecutionMs() == null ? null : r.agentExecutionMs() / 1000.0, null);
        }
    }

    public record ReportsResponse(String hostId, List<ReportView> reports, int total) {
    }

    @GetMapping("/api/v1/api/hosts/{id}/package_reports")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public ReportsResponse packageReports(Credential credential, @PathVariable String id, @RequestParam(required = false) String limit) {
        IntegrationHostService.Reports result = hosts.reports(credential.context(), id, limit);
        List<ReportView> views = result.reports().stream().map(r -> ReportView.of(result.host().id(), r)).toList();
        return new ReportsResponse(result.host().id(), views, views.size());
    }

    public record NotesResponse(String hostId, String notes) {
    }

    @GetMapping("/api/v1/api/hosts/{id}/notes")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public NotesResponse notes(Credential credential, @PathVariable String id) {
        Host h = hosts.host(credential.context(), id);
        return new NotesResponse(h.id(), h.notes());
    }

    /** Container, volume and network counts only when Docker is enabled; the inventory behind them arrives with chapter 13. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DockerView(boolean enabled, Integer containersCount, Integer volumesCount, Integer networksCount, String description) {
    }

    public record IntegrationsResponse(String hostId, Map<String, DockerView> integrations) {
    }

    @GetMapping("/api/v1/api/hosts/{id}/integrations")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "get")
    public IntegrationsResponse integrations(Credential credential, @PathVariable String id) {
        Host h = hosts.host(credential.context(), id);
        DockerView docker = h.dockerEnabled() ? new DockerView(true, 0, 0, 0, DOCKER_DESCRIPTION)
                : new DockerView(false, null, null, null, DOCKER_DESCRIPTION);
        return new IntegrationsResponse(h.id(), Map.of("docker", docker));
    }

    public record Deleted(String id, String friendlyName, String hostname) {
    }

    public record DeletedResponse(String message, Deleted deleted) {
    }

    @DeleteMapping("/api/v1/api/hosts/{id}")
    @IntegrationEndpoint(type = IntegrationAuthenticator.API, resource = "host", action = "delete")
    public DeletedResponse delete(Credential credential, @PathVariable String id) {
        Host h = hosts.delete(credential.context(), id);
        return new DeletedResponse("Host deleted successfully", new Deleted(h.id(), h.friendlyName(), h.hostname()));
    }

    private static String text(Map<String, Object> facts, String key) {
        return facts.get(key) instanceof String value && !value.isBlank() ? value : null;
    }

    private static Number number(Map<String, Object> facts, String key) {
        return facts.get(key) instanceof Number value ? value : null;
    }
}
