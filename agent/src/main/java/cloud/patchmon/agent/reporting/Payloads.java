package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.system.SystemInfo;
import cloud.patchmon.protocol.CanonicalHashes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link Inventory} into the bodies of {@code POST /hosts/ping} and {@code POST /hosts/update}
 * (camelCase, field names of spec ch. 30 and AGENT-PROTOCOL.md). Hashes use the same canonical form as the
 * server, so an unchanged host is recognised by its check-in alone.
 */
public final class Payloads {

    /** The sections a partial report can carry, in the protocol's names. */
    public static final List<String> REPORT_SECTIONS = List.of("packages", "repos", "interfaces", "hostname");

    private final CanonicalHashes canonical = new CanonicalHashes();
    private final String agentVersion;

    public Payloads(String agentVersion) {
        this.agentVersion = agentVersion;
    }

    /** {@code packagesHash}, {@code reposHash}, {@code interfacesHash}, {@code hostnameHash}. */
    public Map<String, String> hashes(Inventory inventory) {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("packagesHash", canonical.packages(inventory.packages()));
        hashes.put("reposHash", canonical.repositories(inventory.repositories()));
        hashes.put("interfacesHash", canonical.interfaces(inventory.network().interfaces()));
        hashes.put("hostnameHash", canonical.hostname(inventory.hostname()));
        return hashes;
    }

    /** The check-in: hashes, metrics and agent facts. */
    public Map<String, Object> ping(Inventory inventory, boolean agentStartup) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hashes", hashes(inventory));
        body.put("metrics", metrics(inventory.system()));
        body.put("agentVersion", agentVersion);
        body.put("agentExecutionMs", inventory.executionMs());
        if (agentStartup) {
            body.put("agentStartup", true);
        }
        return body;
    }

    /** A full report: every section and the system details. */
    public Map<String, Object> full(Inventory inventory) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("packages", inventory.packages());
        body.put("repositories", inventory.repositories());
        body.put("networkInterfaces", inventory.network().interfaces());
        body.put("hostname", inventory.hostname());
        body.put("ip", inventory.network().primaryIp());
        body.put("gatewayIp", inventory.network().gatewayIp());
        body.put("dnsServers", inventory.network().dnsServers());
        system(body, inventory.system());
        body.put("needsReboot", inventory.system().needsReboot());
        body.put("rebootReason", inventory.system().rebootReason());
        body.put("packageManager", inventory.packageManager());
        body.put("agentVersion", agentVersion);
        body.put("hashes", hashes(inventory));
        body.put("agentExecutionMs", inventory.executionMs());
        return body;
    }

    /**
     * A partial report of {@code sections} only (never {@code needsReboot}: the check-in owns it).
     *
     * @throws IllegalArgumentException for a section name outside {@link #REPORT_SECTIONS}
     */
    public Map<String, Object> partial(Inventory inventory, Set<String> sections) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> ordered = REPORT_SECTIONS.stream().filter(sections::contains).toList();
        if (ordered.size() != sections.size()) {
            throw new IllegalArgumentException("not report sections: " + sections);
        }
        body.put("sections", ordered);
        Map<String, String> all = hashes(inventory);
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String section : ordered) {
            switch (section) {
                case "packages" -> body.put("packages", inventory.packages());
                case "repos" -> body.put("repositories", inventory.repositories());
                case "interfaces" -> body.put("networkInterfaces", inventory.network().interfaces());
                default -> body.put("hostname", inventory.hostname());
            }
            String field = section + "Hash";
            hashes.put(field, all.get(field));
        }
        body.put("hashes", hashes);
        body.put("agentVersion", agentVersion);
        body.put("agentExecutionMs", inventory.executionMs());
        return body;
    }

    /** Whether {@code section}'s data is empty here, which a partial report may not claim. */
    public static boolean isEmpty(Inventory inventory, String section) {
        return switch (section) {
            case "packages" -> inventory.packages().isEmpty();
            case "repos" -> inventory.repositories().isEmpty();
            case "interfaces" -> inventory.network().interfaces().isEmpty();
            case "hostname" -> inventory.hostname() == null || inventory.hostname().isBlank();
            default -> true;
        };
    }

    private static void system(Map<String, Object> body, SystemInfo system) {
        body.put("osType", system.osType());
        body.put("osVersion", system.osVersion());
        body.put("architecture", system.architecture());
        body.put("kernelVersion", system.kernelVersion());
        body.put("installedKernelVersion", system.installedKernelVersion());
        body.put("cpuModel", system.cpuModel());
        body.put("cpuCores", system.cpuCores());
        body.put("cpuSockets", system.cpuSockets());
        body.put("cpuMhz", system.cpuMhz());
        body.put("ramInstalled", system.ramInstalledGb());
        body.put("swapSize", system.swapSizeGb());
        body.put("diskDetails", system.disks() == null ? null : system.disks().stream().map(d -> {
            Map<String, Object> disk = new LinkedHashMap<>();
            disk.put("device", d.device());
            disk.put("mountPoint", d.mountPoint());
            disk.put("fileSystem", d.fileSystem());
            disk.put("size", d.size());
            disk.put("used", d.used());
            disk.put("available", d.available());
            disk.put("usedPercent", d.usedPercent());
            return disk;
        }).toList());
        body.put("selinuxStatus", system.selinuxStatus());
        body.put("systemUptime", system.uptime());
        body.put("bootTime", system.bootTime());
        body.put("loadAverage", system.loadAverage());
        body.put("machineId", system.machineId());
        if (system.hardware() != null) {
            body.put("hardwareVendor", system.hardware().vendor());
            body.put("hardwareProduct", system.hardware().product());
            body.put("hardwareSerial", system.hardware().serial());
        }
    }

    private static Map<String, Object> metrics(SystemInfo system) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (system.usage() != null) {
            metrics.put("cpu", system.usage().cpuPercent());
            metrics.put("ram", system.usage().ramPercent());
            metrics.put("swap", system.usage().swapPercent());
            metrics.put("ramUsed", system.usage().ramUsedGb());
            metrics.put("ramFree", system.usage().ramFreeGb());
        }
        if (system.disks() != null) {
            metrics.put("disks", system.disks().stream().map(d -> {
                Map<String, Object> disk = new LinkedHashMap<>();
                disk.put("mountPoint", d.mountPoint());
                disk.put("usedPercent", d.usedPercent());
                return disk;
            }).toList());
        }
        metrics.put("uptime", system.uptimeSeconds());
        metrics.put("bootTime", system.bootTime());
        metrics.put("loadAverage", system.loadAverage());
        metrics.put("needsReboot", system.needsReboot());
        metrics.put("rebootReason", system.rebootReason());
        return metrics;
    }
}
