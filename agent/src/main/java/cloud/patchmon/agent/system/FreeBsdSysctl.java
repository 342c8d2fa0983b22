package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeBSD's counters from one {@code sysctl} call (FreeBSD has no procfs by default) and swap use from
 * {@code swapinfo -k}. Available memory is free plus inactive pages, what FreeBSD reclaims without paging.
 */
final class FreeBsdSysctl {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final List<String> NAMES = List.of("hw.model", "hw.ncpu", "hw.clockrate", "hw.physmem", "hw.pagesize", "kern.boottime",
            "vm.loadavg", "kern.cp_time", "vm.swap_total", "vm.stats.vm.v_free_count", "vm.stats.vm.v_inactive_count");

    private static final Pattern BOOT_SECONDS = Pattern.compile("sec = (\\d+)");

    private final CommandRunner commands;

    FreeBsdSysctl(CommandRunner commands) {
        this.commands = commands;
    }

    KernelCounters read() {
        Map<String, String> values = sysctl();
        Long pageSize = number(values.get("hw.pagesize"));
        Long physmem = number(values.get("hw.physmem"));
        Long free = number(values.get("vm.stats.vm.v_free_count"));
        Long inactive = number(values.get("vm.stats.vm.v_inactive_count"));
        Long swapTotal = number(values.get("vm.swap_total"));
        Optional<MemInfo.Memory> memory = Optional.empty();
        if (physmem != null && pageSize != null && free != null && inactive != null) {
            long swapTotalKib = swapTotal == null ? 0 : swapTotal / 1024;
            memory = Optional.of(new MemInfo.Memory(physmem / 1024, Math.min(physmem, (free + inactive) * pageSize) / 1024,
                    swapTotalKib, Math.max(0, swapTotalKib - swapUsedKib())));
        }
        Long ncpu = number(values.get("hw.ncpu"));
        Long mhz = number(values.get("hw.clockrate"));
        CpuInfo.Cpu cpu = new CpuInfo.Cpu(values.get("hw.model"), ncpu == null ? null : ncpu.intValue(), null,
                mhz == null ? null : mhz.doubleValue());
        Matcher boot = BOOT_SECONDS.matcher(values.getOrDefault("kern.boottime", ""));
        return new KernelCounters(cpu, memory, null, boot.find() ? Long.valueOf(boot.group(1)) : null,
                loadAverage(values.get("vm.loadavg")), cpuBusy(values.get("kern.cp_time")));
    }

    private Map<String, String> sysctl() {
        List<String> command = new ArrayList<>(List.of("sysctl"));
        command.addAll(NAMES);
        Map<String, String> values = new HashMap<>();
        try {
            // An unknown name makes sysctl exit non-zero after printing all the others.
            CommandResult result = commands.run(command, TIMEOUT);
            for (String line : result.stdout().lines().toList()) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    values.put(line.substring(0, colon), line.substring(colon + 2).strip());
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return values;
    }

    /** {@code swapinfo -k}: a header, then Device 1K-blocks Used Avail Capacity per swap device (and a Total line for several). */
    private long swapUsedKib() {
        if (!commands.isAvailable("swapinfo")) {
            return 0;
        }
        try {
            long used = 0;
            for (String line : commands.run(List.of("swapinfo", "-k"), TIMEOUT).stdout().lines().skip(1).toList()) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 5 && !f[0].equals("Total")) {
                    used += Long.parseLong(f[2]);
                }
            }
            return used;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** {@code { 0.42 0.35 0.30 }}. */
    private static List<Double> loadAverage(String value) {
        if (value == null) {
            return List.of();
        }
        String[] f = value.replace("{", "").replace("}", "").strip().split("\\s+");
        try {
            return f.length >= 3 ? List.of(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])) : List.of();
        } catch (NumberFormatException e) {
            return List.of();
        }
    }

    /** {@code kern.cp_time}: user nice sys intr idle ticks since boot. */
    private static Double cpuBusy(String value) {
        if (value == null) {
            return null;
        }
        String[] f = value.strip().split("\\s+");
        try {
            if (f.length < 5) {
                return null;
            }
            long busy = Long.parseLong(f[0]) + Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            return busy + idle == 0 ? null : Numbers.percent(busy, busy + idle);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
