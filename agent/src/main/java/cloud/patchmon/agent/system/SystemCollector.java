package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Collects {@link SystemInfo} from the host's files ({@code /etc/os-release}, {@code /proc}, {@code /sys},
 * {@code /boot}, {@code /lib/modules}) and, where no file says it, a few commands ({@code df -P -k},
 * {@code needs-restarting -r}, {@code uname}; on FreeBSD {@code sysctl}, {@code swapinfo}, {@code mount -p}
 * and {@code freebsd-version}). Nothing it reads is required:
 * what the host does not expose is {@code null} or empty, and collection never throws for it.
 */
public final class SystemCollector {

    private final OsRelease osRelease;
    private final KernelVersions kernels;
    private final RebootCheck reboot;
    private final Architecture architecture;
    private final HostFiles files;
    private final ProcCounters proc;
    private final FreeBsdSysctl sysctl;
    private final Selinux selinux;
    private final MachineId machineId;
    private final DmiHardware hardware;
    private final DiskUsage disks;
    private final Clock clock;

    /**
     * Reads the host through {@code files} and {@code commands}; the clock turns a boot time into an uptime
     * (FreeBSD) or an uptime into a boot time (a {@code /proc/stat} without {@code btime}).
     */
    public SystemCollector(HostFiles files, CommandRunner commands, Clock clock) {
        this.osRelease = new OsRelease(files, commands);
        this.kernels = new KernelVersions(files, commands);
        this.reboot = new RebootCheck(files, commands);
        this.architecture = new Architecture(files, commands);
        this.files = files;
        this.proc = new ProcCounters(files);
        this.sysctl = new FreeBsdSysctl(commands);
        this.selinux = new Selinux(files);
        this.machineId = new MachineId(files);
        this.hardware = new DmiHardware(files);
        this.disks = new DiskUsage(files, commands);
        this.clock = clock;
    }

    public SystemCollector(HostFiles files, CommandRunner commands) {
        this(files, commands, Clock.systemUTC());
    }

    public SystemInfo collect() {
        OsRelease.Os os = osRelease.read();
        KernelVersions.Kernels kernel = kernels.read();
        RebootCheck.Reboot rebootNeeded = reboot.check(kernel);
        KernelCounters counters = Platform.isFreeBsd(files) ? sysctl.read() : proc.read();
        CpuInfo.Cpu processor = counters.cpu();
        Optional<MemInfo.Memory> mem = counters.memory();
        Long upSeconds = uptimeSeconds(counters);
        return new SystemInfo(os.type(), os.version(), kernel.running(), kernel.newestInstalled(), architecture.read(),
                processor.model(), processor.logicalCpus(), processor.sockets(), processor.mhz(),
                mem.map(m -> Numbers.kibToGb(m.totalKib())).orElse(null),
                mem.map(m -> Numbers.kibToGb(m.swapTotalKib())).orElse(null),
                disks.read(),
                upSeconds == null ? null : Uptime.human(upSeconds), upSeconds, bootTime(counters, upSeconds),
                counters.loadAverage(), selinux.status(), machineId.read(), hardware.read(),
                rebootNeeded.needed(), rebootNeeded.reason(),
                new SystemInfo.Usage(counters.cpuBusyPercent(),
                        mem.map(m -> Numbers.percent(m.usedKib(), m.totalKib())).orElse(null),
                        mem.map(m -> Numbers.percent(m.swapUsedKib(), m.swapTotalKib())).orElse(null),
                        mem.map(m -> Numbers.kibToGb(m.usedKib())).orElse(null),
                        mem.map(m -> Numbers.kibToGb(m.availableKib())).orElse(null)));
    }

    private Long uptimeSeconds(KernelCounters counters) {
        if (counters.uptimeSeconds() != null) {
            return counters.uptimeSeconds();
        }
        return counters.bootEpochSecond() == null ? null : Math.max(0, clock.instant().getEpochSecond() - counters.bootEpochSecond());
    }

    private String bootTime(KernelCounters counters, Long upSeconds) {
        if (counters.bootEpochSecond() != null) {
            return Instant.ofEpochSecond(counters.bootEpochSecond()).toString();
        }
        return upSeconds == null ? null : clock.instant().minusSeconds(upSeconds).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
