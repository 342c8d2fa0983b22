package cloud.patchmon.agent.system;

import java.util.List;

/**
 * What the agent reports about the machine itself (the System and Host Info tabs of spec ch. 4, the
 * system fields of the ch. 30 report). Strings are {@code null} when the host does not expose them.
 *
 * @param osType           the distribution's name, e.g. {@code Ubuntu}, {@code Debian}, {@code Rocky Linux}, {@code FreeBSD}
 * @param osVersion        e.g. {@code 22.04.4 LTS (Jammy Jellyfish)} or {@code 14.1-RELEASE-p5}
 * @param kernelVersion    the running kernel ({@code uname -r})
 * @param installedKernelVersion the newest kernel installed on disk; differs from the running one until a reboot
 * @param architecture     {@code uname -m}, e.g. {@code x86_64}
 * @param ramInstalledGb   total memory in GB (two decimals)
 * @param swapSizeGb       total swap in GB (two decimals)
 * @param uptime           human form, e.g. {@code 3 days, 4 hours, 12 minutes}
 * @param uptimeSeconds    seconds since boot
 * @param bootTime         ISO-8601 instant of the last boot
 * @param loadAverage      1, 5 and 15 minute load averages
 * @param selinuxStatus    {@code enabled}, {@code permissive} or {@code disabled}
 * @param needsReboot      whether the host should be rebooted
 * @param rebootReason     why (reboot-required file, needs-restarting, newer installed kernel); {@code null} when not needed
 */
public record SystemInfo(String osType, String osVersion, String kernelVersion, String installedKernelVersion, String architecture,
                         String cpuModel, Integer cpuCores, Double ramInstalledGb, Double swapSizeGb, List<Disk> disks,
                         String uptime, Long uptimeSeconds, String bootTime, List<Double> loadAverage, String selinuxStatus,
                         String machineId, Hardware hardware, boolean needsReboot, String rebootReason, Usage usage) {

    /**
     * One mounted filesystem, sizes in the human form the Host Detail page shows (e.g. {@code 50G}).
     *
     * @param usedPercent 0–100
     */
    public record Disk(String device, String mountPoint, String fileSystem, String size, String used, String available,
                       Integer usedPercent) {
    }

    /** DMI data where readable (often root-only or absent in containers and VMs). */
    public record Hardware(String vendor, String product, String serial) {
    }

    /**
     * Point-in-time utilisation for the check-in's {@code metrics}: percentages 0–100.
     *
     * @param cpuPercent busy share of all CPUs since boot ({@code /proc/stat}); {@code null} when unknown
     */
    public record Usage(Double cpuPercent, Double ramPercent, Double swapPercent) {
    }
}
