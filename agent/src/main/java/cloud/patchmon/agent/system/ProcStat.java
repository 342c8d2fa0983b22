package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

import java.util.List;

/** The boot time and the all-CPU time counters of {@code /proc/stat}. */
final class ProcStat {

    /**
     * @param bootEpochSecond {@code btime}; {@code null} when absent
     * @param cpuBusyPercent  the busy share of all CPUs since boot (user, nice, system, irq, softirq and
     *                        steal over those plus idle and iowait); {@code null} when unknown
     */
    record Stat(Long bootEpochSecond, Double cpuBusyPercent) {
    }

    private final HostFiles files;

    ProcStat(HostFiles files) {
        this.files = files;
    }

    Stat read() {
        return parse(files.lines("/proc/stat"));
    }

    static Stat parse(List<String> lines) {
        Long boot = null;
        Double busy = null;
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            try {
                if (fields[0].equals("btime") && fields.length > 1) {
                    boot = Long.parseLong(fields[1]);
                } else if (fields[0].equals("cpu") && fields.length > 5) {
                    busy = busyPercent(fields);
                }
            } catch (NumberFormatException e) {
                // A malformed line leaves its value unknown.
            }
        }
        return new Stat(boot, busy);
    }

    /** Fields: user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user. */
    private static Double busyPercent(String[] fields) {
        long idle = 0;
        long busy = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
            long ticks = Long.parseLong(fields[i]);
            if (i == 4 || i == 5) {
                idle += ticks;
            } else {
                busy += ticks;
            }
        }
        return idle + busy == 0 ? null : Numbers.percent(busy, idle + busy);
    }
}
