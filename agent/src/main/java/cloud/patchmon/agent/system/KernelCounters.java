package cloud.patchmon.agent.system;

import java.util.List;
import java.util.Optional;

/**
 * The kernel's processor, memory and time counters, from whichever interface the platform has (Linux's
 * procfs, FreeBSD's sysctl). Any part is {@code null}, empty or absent when the host does not expose it.
 *
 * @param uptimeSeconds   {@code null} where the platform only gives the boot time
 * @param bootEpochSecond {@code null} where the platform only gives the uptime
 * @param cpuBusyPercent  busy share of all CPUs since boot
 */
record KernelCounters(CpuInfo.Cpu cpu, Optional<MemInfo.Memory> memory, Long uptimeSeconds, Long bootEpochSecond,
                      List<Double> loadAverage, Double cpuBusyPercent) {
}
