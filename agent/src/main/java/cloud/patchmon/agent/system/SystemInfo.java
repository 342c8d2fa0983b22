package cloud.patchmon.agent.system;

import java.util.List;

/**
 * What the agent reports about the machine itself (the System and Host Info tabs of spec ch. 4, the
 * system fields of the ch. 30 report). Strings are {@code null} when the host does not expose them.
 *
 * @param osType           the distribution's own name (os-release {@code NAME}), e.g. {@code Ubuntu},
 *                         {@code Debian GNU/Linux}, {@code Rocky Linux}, {@code FreeBSD}
 * @param osVersion        e.g. {@code 22.04.4 LTS (Jammy Jellyfish)} or {@code 14.1-RELEASE-p5}
 * @param kernelVersion    the running kernel ({@code uname -r})
 * @param installedKernelVersion the newest kernel installed on disk; differs from the running one until a reboot
 * @param architecture     {@code uname -m}, e.g. {@code x86_64}
 * @param cpuCores         logical CPUs (hyper-threads included), as {@code nproc --all} counts them
 * @param cpuSockets       physical CPU packages (the System tab's socket count)
 * @param cpuMhz           the nominal (cpufreq maximum) frequency, else the current one
 * @param ramInstalledGb   total memory in GB meaning GiB (1024³ bytes), two decimals
 * @param swapSizeGb       total swap in GB meaning GiB, two decimals
 * @param disks            block-device filesystems, see {@link Disk}
 * @param uptime           human form, e.g. {@code 3 days, 4 hours, 12 minutes}
 * @param uptimeSeconds    seconds since boot
 * @param bootTime         ISO-8601 instant of the last boot, e.g. {@code 2024-05-01T08:30:00Z}
 * @param loadAverage      1, 5 and 15 minute load averages; empty when unknown
 * @param selinuxStatus    {@code enabled} (enforcing), {@code permissive} or {@code disabled}
 * @param machineId        systemd's machine-id (or D-Bus's copy)
 * @param hardware         {@code null} when the host has no readable DMI data
 * @param needsReboot      whether the host should be rebooted
 * @param rebootReason     why (reboot-required file, needs-restarting, newer installed kernel); {@code null} when not needed
 * @param usage            the check-in's utilisation figures
 */
public record SystemInfo(String osType, String osVersion, String kernelVersion, String installedKernelVersion, String architecture,
                         String cpuModel, Integer cpuCores, Integer cpuSockets, Double cpuMhz, Double ramInstalledGb,
                         Double swapSizeGb, List<Disk> disks, String uptime, Long uptimeSeconds, String bootTime,
                         List<Double> loadAverage, String selinuxStatus, String machineId, Hardware hardware, boolean needsReboot,
                         String rebootReason, Usage usage) {

    /**
     * One mounted filesystem, sizes as {@code df -h} prints them (powers of 1024 rounded up, e.g. {@code 252G},
     * {@code 4.0K}).
     *
     * @param device     e.g. {@code /dev/sda1}, {@code /dev/mapper/vg-root}, or a ZFS dataset
     * @param fileSystem e.g. {@code ext4}, {@code xfs}, {@code zfs}
     * @param usedPercent 0–100, df's capacity (used over used plus available, rounded up)
     */
    public record Disk(String device, String mountPoint, String fileSystem, String size, String used, String available,
                       Integer usedPercent) {
    }

    /** DMI data where readable (often root-only or absent in containers and VMs). */
    public record Hardware(String vendor, String product, String serial) {
    }

    /**
     * Point-in-time utilisation for the check-in's {@code metrics} and the System tab's memory figures;
     * {@code null} when unknown.
     *
     * @param cpuPercent  busy share of all CPUs since boot ({@code /proc/stat}), 0–100
     * @param ramPercent  memory in use (total less available) over total, 0–100
     * @param swapPercent swap in use over total swap, 0–100; 0 when there is no swap
     * @param ramUsedGb   memory in use, GiB: total less {@code MemAvailable}, so page cache counts as free
     * @param ramFreeGb   memory available to new work without swapping ({@code MemAvailable}), GiB
     */
    public record Usage(Double cpuPercent, Double ramPercent, Double swapPercent, Double ramUsedGb, Double ramFreeGb) {
    }
}
