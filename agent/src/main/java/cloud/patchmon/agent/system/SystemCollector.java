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
 * {@code needs-restarting -r}, {@code uname}, {@code freebsd-version}). Nothing it reads is required:
 * what the host does not expose is {@code null} or empty, and collection never throws for it.
 */
public final class SystemCollector {

    private final OsRelease osRelease;
    private final KernelVersions kernels;
    private final RebootCheck reboot;
    private final Architecture architecture;
    private final CpuInfo cpu;
    private final MemInfo memory;
    private final ProcStat stat;
    private final Uptime uptime;
    private final LoadAverage loadAverage;
    private final Selinux selinux;
    private final MachineId machineId;
    private final DmiHardware hardware;
    private final DiskUsage disks;
    private final Clock clock;

    /** Reads the host through {@code files} and {@code commands}; the clock dates the boot only where {@code /proc/stat} has no {@code btime}. */
    public SystemCollector(HostFiles files, CommandRunner commands, Clock clock) {
        this.osRelease = new OsRelease(files, commands);
        this.kernels = new KernelVersions(files, commands);
        this.reboot = new RebootCheck(files, commands);
        this.architecture = new Architecture(files, commands);
        this.cpu = new CpuInfo(files);
        this.memory = new MemInfo(files);
        this.stat = new ProcStat(files);
        this.uptime = new Uptime(files);
        this.loadAverage = new LoadAverage(files);
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
        CpuInfo.Cpu processor = cpu.read();
        Optional<MemInfo.Memory> mem = memory.read();
        ProcStat.Stat procStat = stat.read();
        Long upSeconds = uptime.seconds();
        return new SystemInfo(os.type(), os.version(), kernel.running(), kernel.newestInstalled(), architecture.read(),
                processor.model(), processor.logicalCpus(), processor.sockets(), processor.mhz(),
                mem.map(m -> Numbers.kibToGb(m.totalKib())).orElse(null),
                mem.map(m -> Numbers.kibToGb(m.swapTotalKib())).orElse(null),
                disks.read(),
                upSeconds == null ? null : Uptime.human(upSeconds), upSeconds, bootTime(procStat, upSeconds),
                loadAverage.read(), selinux.status(), machineId.read(), hardware.read(),
                rebootNeeded.needed(), rebootNeeded.reason(),
                new SystemInfo.Usage(procStat.cpuBusyPercent(),
                        mem.map(m -> Numbers.percent(m.usedKib(), m.totalKib())).orElse(null),
                        mem.map(m -> Numbers.percent(m.swapUsedKib(), m.swapTotalKib())).orElse(null),
                        mem.map(m -> Numbers.kibToGb(m.usedKib())).orElse(null),
                        mem.map(m -> Numbers.kibToGb(m.availableKib())).orElse(null)));
    }

    private String bootTime(ProcStat.Stat procStat, Long upSeconds) {
        if (procStat.bootEpochSecond() != null) {
            return Instant.ofEpochSecond(procStat.bootEpochSecond()).toString();
        }
        return upSeconds == null ? null : clock.instant().minusSeconds(upSeconds).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
