package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the collector on the machine the tests run on and checks it against the host's own tools. */
class SystemCollectorHostTest {

    private static SystemInfo info;

    @BeforeAll
    static void collect() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && Files.isReadable(Path.of("/proc/meminfo")), "a Linux host");
        info = new SystemCollector(HostFiles.system(), new ProcessCommandRunner()).collect();
    }

    @Test
    void cpuCountMatchesCpuinfoAndCoversTheJvmsProcessors() throws IOException {
        long processors = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.matches("processor\\s*:\\s*\\d+")).count();

        assertThat(info.cpuCores()).isEqualTo((int) processors).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(info.cpuModel()).isNotBlank();
    }

    @Test
    void ramIsWithinOnePercentOfMemTotal() throws IOException {
        String total = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst().orElseThrow();
        double gib = Long.parseLong(total.replaceAll("\\D", "")) / 1024.0 / 1024.0;

        assertThat(info.ramInstalledGb()).isCloseTo(gib, within(gib * 0.01));
        assertThat(info.usage().ramPercent()).isBetween(0.0, 100.0);
        assertThat(info.usage().ramUsedGb() + info.usage().ramFreeGb()).isCloseTo(info.ramInstalledGb(), within(0.02));
    }

    @Test
    void kernelAndArchitectureAreUnames() throws Exception {
        assertThat(info.kernelVersion()).isEqualTo(run("uname", "-r").strip()).isEqualTo(System.getProperty("os.version"));
        assertThat(info.architecture()).isEqualTo(run("uname", "-m").strip());
    }

    @Test
    void everyDiskSizeIsWhatDfHPrints() throws Exception {
        assumeTrue(!info.disks().isEmpty(), "a host with a block-device filesystem");
        for (SystemInfo.Disk disk : info.disks()) {
            List<String> lines = run("df", "-h", disk.mountPoint()).lines().toList();
            assertThat(lines.get(lines.size() - 1).split("\\s+")[1]).as(disk.mountPoint()).isEqualTo(disk.size());
            assertThat(disk.usedPercent()).isBetween(0, 100);
        }
    }

    @Test
    void bootTimePlusUptimeIsNow() {
        Instant boot = Instant.parse(info.bootTime());

        assertThat(boot.plusSeconds(info.uptimeSeconds())).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));
        assertThat(info.loadAverage()).hasSize(3);
    }

    @Test
    void osAndMachineIdComeFromTheirFiles() throws IOException {
        Path osRelease = Files.exists(Path.of("/etc/os-release")) ? Path.of("/etc/os-release") : Path.of("/usr/lib/os-release");
        assumeTrue(Files.exists(osRelease), "an os-release file");

        assertThat(Files.readString(osRelease)).contains("NAME=\"" + info.osType() + "\"");
        Path machineId = Path.of("/etc/machine-id");
        if (Files.isReadable(machineId) && !Files.readString(machineId).isBlank()) {
            assertThat(info.machineId()).isEqualTo(Files.readString(machineId).strip());
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
