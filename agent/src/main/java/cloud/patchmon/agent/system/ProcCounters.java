package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

/** Linux's counters from procfs and sysfs. */
final class ProcCounters {

    private final CpuInfo cpu;
    private final MemInfo memory;
    private final ProcStat stat;
    private final Uptime uptime;
    private final LoadAverage loadAverage;

    ProcCounters(HostFiles files) {
        this.cpu = new CpuInfo(files);
        this.memory = new MemInfo(files);
        this.stat = new ProcStat(files);
        this.uptime = new Uptime(files);
        this.loadAverage = new LoadAverage(files);
    }

    KernelCounters read() {
        ProcStat.Stat procStat = stat.read();
        return new KernelCounters(cpu.read(), memory.read(), uptime.seconds(), procStat.bootEpochSecond(), loadAverage.read(),
                procStat.cpuBusyPercent());
    }
}
