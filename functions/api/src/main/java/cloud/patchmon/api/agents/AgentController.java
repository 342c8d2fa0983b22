package cloud.patchmon.api.agents;

import cloud.patchmon.api.security.AgentEndpoint;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.CheckInService;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.patching.PatchRunAgentStages;
import cloud.patchmon.core.realtime.AgentSettings;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.RepositoryEntry;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import cloud.patchmon.core.hosts.AgentAuthenticator.AuthenticatedHost;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The agent's configuration routes of the wire protocol (AGENT-PROTOCOL.md). */
@RestController
public class AgentController {

    private final AgentSettings agentSettings;
    private final CheckInService checkIns;
    private final ReportService reports;
    private final HostLiveEvents live;
    private final PatchRunAgentStages patchRuns;
    private final Clock clock;

    public AgentController(AgentSettings agentSettings, CheckInService checkIns, ReportService reports, HostLiveEvents live,
                           PatchRunAgentStages patchRuns, Clock clock) {
        this.agentSettings = agentSettings;
        this.checkIns = checkIns;
        this.reports = reports;
        this.live = live;
        this.patchRuns = patchRuns;
        this.clock = clock;
    }

    /** The check-in body; camelCase like everything the agent sends. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record PingBody(Map<String, String> hashes, Map<String, Object> metrics, String agentVersion, Long agentExecutionMs,
                           Boolean agentStartup) {
    }

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PingResponse(String message, Instant timestamp, String friendlyName, boolean agentStartup, boolean hashGate,
                               Integrations integrations, List<String> requestFull) {
    }

    /**
     * The report body of spec ch. 30 plus the protocol's fields; camelCase as the agent sends it, read
     * strictly by {@link AgentBodyConverter}. {@code executionTime} is a string in ch. 30 but a number
     * of seconds from upstream agents, so both are taken.
     */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record UpdateBody(List<PackageEntry> packages, List<RepositoryEntry> repositories, List<NetworkInterface> networkInterfaces,
                             String hostname, String ip, String osType, String osVersion, String architecture, String agentVersion,
                             Boolean needsReboot, String rebootReason, String kernelVersion, String installedKernelVersion,
                             String cpuModel, Integer cpuCores, Double ramInstalled, Double swapSize, List<Map<String, Object>> diskDetails,
                             String gatewayIp, List<String> dnsServers, String selinuxStatus, String systemUptime, List<Double> loadAverage,
                             String machineId, String packageManager, String bootTime, List<String> sections, Map<String, String> hashes,
                             Long agentExecutionMs, Object executionTime, Integer cpuSockets, Double cpuMhz, String hardwareVendor,
                             String hardwareProduct, String hardwareSerial) {

        /**
         * The agent's gathering time in milliseconds: the protocol's {@code agentExecutionMs}, else spec
         * ch. 30's {@code executionTime} in seconds. An unreadable {@code executionTime} is ignored, as
         * upstream agents' formats vary and the value is informational.
         */
        Long gatheringMs() {
            if (executionTime != null && !(executionTime instanceof Number) && !(executionTime instanceof String)) {
                throw DomainException.invalid("executionTime", "executionTime must be a number or a string");
            }
            if (agentExecutionMs != null) {
                return agentExecutionMs;
            }
            if (executionTime instanceof Number seconds) {
                return seconds(seconds.doubleValue());
            }
            if (executionTime instanceof String text) {
                try {
                    return seconds(Double.parseDouble(text.trim().replaceAll("s$", "")));
                } catch (NumberFormatException unreadable) {
                    return null;
                }
            }
            return null;
        }

        private static Long seconds(double seconds) {
            return seconds >= 0 && Double.isFinite(seconds) ? Math.round(seconds * 1000) : null;
        }
    }

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record UpdateResponse(String message, int packagesProcessed, int updatesAvailable, int securityUpdates) {
    }

    @PostMapping("/api/v1/hosts/update")
    @AgentEndpoint
    public UpdateResponse update(AuthenticatedHost host, @RequestBody UpdateBody body, HttpServletRequest request) {
        Map<String, Object> system = new java.util.LinkedHashMap<>();
        putIfPresent(system, "kernelVersion", body.kernelVersion());
        putIfPresent(system, "installedKernelVersion", body.installedKernelVersion());
        putIfPresent(system, "cpuModel", body.cpuModel());
        putIfPresent(system, "cpuCores", body.cpuCores());
        putIfPresent(system, "cpuSockets", body.cpuSockets());
        putIfPresent(system, "cpuMhz", body.cpuMhz());
        putIfPresent(system, "hardwareVendor", body.hardwareVendor());
        putIfPresent(system, "hardwareProduct", body.hardwareProduct());
        putIfPresent(system, "hardwareSerial", body.hardwareSerial());
        putIfPresent(system, "ramInstalled", body.ramInstalled());
        putIfPresent(system, "swapSize", body.swapSize());
        putIfPresent(system, "diskDetails", body.diskDetails());
        putIfPresent(system, "gatewayIp", body.gatewayIp());
        putIfPresent(system, "dnsServers", body.dnsServers());
        putIfPresent(system, "selinuxStatus", body.selinuxStatus());
        putIfPresent(system, "systemUptime", body.systemUptime());
        putIfPresent(system, "loadAverage", body.loadAverage());
        putIfPresent(system, "machineId", body.machineId());
        putIfPresent(system, "packageManager", body.packageManager());
        putIfPresent(system, "bootTime", body.bootTime());
        // Only a first report has a watcher for this stage (the Add Host wizard); later ones spare the subscriber query.
        if (Host.PENDING.equals(host.host().status())) {
            live.reportStarted(host.context(), host.host().id());
        }
        ReportService.Result result = reports.ingest(host, new ReportService.Report(body.packages(), body.repositories(),
                body.networkInterfaces(), body.hostname(), body.ip(), body.osType(), body.osVersion(), body.architecture(),
                body.agentVersion(), body.needsReboot(), body.rebootReason(), system, body.sections(), body.hashes(),
                Math.max(0, request.getContentLengthLong()), body.gatheringMs()));
        Instant received = clock.instant();
        // Settles runs awaiting their post-patch inventory report: a read, and writes only when a run was waiting.
        patchRuns.reportReceived(host.context(), host.host().id(), received);
        live.reportReceived(host.context(), host.host().id(), received);
        return new UpdateResponse("Host updated successfully", result.packagesProcessed(), result.updatesAvailable(), result.securityUpdates());
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** The hash-gated check-in: answers which sections the agent must send in full. */
    @PostMapping("/api/v1/hosts/ping")
    @AgentEndpoint
    public PingResponse ping(AuthenticatedHost host, @RequestBody(required = false) PingBody body) {
        PingBody ping = body == null ? new PingBody(null, null, null, null, null) : body;
        CheckInService.Outcome outcome = checkIns.checkIn(host, new CheckInService.CheckIn(ping.hashes(), ping.metrics(),
                ping.agentVersion(), ping.agentExecutionMs()));
        live.seen(host.context(), host.host().id(), outcome.timestamp());
        return new PingResponse("Ping successful", outcome.timestamp(), host.host().friendlyName(), Boolean.TRUE.equals(ping.agentStartup()),
                true, new Integrations(host.host().dockerEnabled(), host.host().complianceEnabled()), outcome.requestFull());
    }

    /**
     * camelCase on the wire, as upstream agents read it. {@code autoUpdate} is our extension (upstream agents ignore it):
     * whether this host's agent may update itself on its schedule, read by our agent at start-up.
     */
    public record UpdateInterval(@JsonProperty("updateInterval") int updateInterval, @JsonProperty("autoUpdate") boolean autoUpdate) {
    }

    public record Integrations(boolean docker, boolean compliance) {
    }

    public record IntegrationsResponse(boolean success, Integrations integrations, String complianceMode,
                                       boolean complianceOpenscapEnabled, boolean complianceDockerBenchEnabled) {
    }

    @GetMapping("/api/v1/settings/update-interval")
    @AgentEndpoint
    public UpdateInterval updateInterval(AuthenticatedHost host) {
        AgentSettings.Updates updates = agentSettings.forHost(host.context(), host.host().id());
        return new UpdateInterval(updates.updateInterval(), updates.autoUpdate());
    }

    @GetMapping("/api/v1/hosts/integrations")
    @AgentEndpoint
    public IntegrationsResponse integrations(AuthenticatedHost host) {
        boolean compliance = host.host().complianceEnabled();
        return new IntegrationsResponse(true, new Integrations(host.host().dockerEnabled(), compliance),
                compliance ? "enabled" : "disabled", compliance, false);
    }
}
