package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processor as {@code /proc/cpuinfo} and {@code /sys/devices/system/cpu} describe it: model name,
 * logical CPU count, socket count and nominal frequency.
 */
final class CpuInfo {

    /**
     * Every field is {@code null} when the host does not say.
     *
     * @param logicalCpus what the scheduler sees (hyper-threads included), like {@code nproc --all}
     * @param mhz the maximum frequency from cpufreq, else the first CPU's current {@code cpu MHz}
     */
    record Cpu(String model, Integer logicalCpus, Integer sockets, Double mhz) {
    }

    /** x86 says {@code model name}, 32-bit ARM {@code Processor}, MIPS {@code cpu model}, POWER {@code cpu}. */
    private static final List<String> MODEL_KEYS = List.of("model name", "Processor", "cpu model", "cpu");

    private final HostFiles files;

    CpuInfo(HostFiles files) {
        this.files = files;
    }

    Cpu read() {
        List<String> lines = files.lines("/proc/cpuinfo");
        Map<String, String> first = new LinkedHashMap<>();
        Set<String> physicalIds = new LinkedHashSet<>();
        int processors = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            first.putIfAbsent(key, value);
            if (key.equals("processor") && value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
                processors++;
            } else if (key.equals("physical id")) {
                physicalIds.add(value);
            }
        }
        return new Cpu(model(first), processors > 0 ? Integer.valueOf(processors) : onlineCpus(), sockets(physicalIds), mhz(first));
    }

    private static String model(Map<String, String> first) {
        return MODEL_KEYS.stream().map(first::get).filter(v -> v != null && !v.isEmpty()).findFirst().orElse(null);
    }

    /** {@code /sys/devices/system/cpu/online}, a list like {@code 0-3,6}. */
    private Integer onlineCpus() {
        String online = files.read("/sys/devices/system/cpu/online").map(String::strip).orElse("");
        if (online.isEmpty()) {
            return null;
        }
        int count = 0;
        try {
            for (String range : online.split(",")) {
                String[] ends = range.split("-");
                count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return count;
    }

    /** ARM's cpuinfo has no {@code physical id}; the topology files carry it on every architecture. */
    private Integer sockets(Set<String> physicalIds) {
        if (!physicalIds.isEmpty()) {
            return physicalIds.size();
        }
        Set<String> packages = new LinkedHashSet<>();
        for (Path cpu : files.list("/sys/devices/system/cpu", "cpu[0-9]*")) {
            files.read("/sys/devices/system/cpu/" + cpu.getFileName() + "/topology/physical_package_id")
                    .map(String::strip).filter(id -> !id.isEmpty()).ifPresent(packages::add);
        }
        return packages.isEmpty() ? null : packages.size();
    }

    private Double mhz(Map<String, String> first) {
        // cpu MHz follows frequency scaling from one report to the next; the cpufreq maximum does not.
        String maxKhz = files.read("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq").map(String::strip).orElse("");
        try {
            if (!maxKhz.isEmpty()) {
                return Numbers.round2(Long.parseLong(maxKhz) / 1000.0);
            }
            String current = first.get("cpu MHz");
            return current == null ? null : Numbers.round2(Double.parseDouble(current));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
