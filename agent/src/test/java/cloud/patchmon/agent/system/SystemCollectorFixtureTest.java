package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SystemCollectorFixtureTest {

    @Test
    void debian12CapturedFromARealVm() {
        RecordedCommands commands = new RecordedCommands().answer("df -P -k /", Fixtures.output("debian12", "df.txt"), 0);

        SystemInfo info = new SystemCollector(Fixtures.host("debian12"), commands).collect();

        assertThat(info.osType()).isEqualTo("Debian GNU/Linux");
        assertThat(info.osVersion()).isEqualTo("12 (bookworm)");
        assertThat(info.kernelVersion()).isEqualTo("6.18.44-fc-v857");
        assertThat(info.installedKernelVersion()).as("no /boot images, no module tree").isNull();
        assertThat(info.architecture()).isEqualTo("x86_64");
        assertThat(info.cpuModel()).isEqualTo("AMD EPYC");
        assertThat(info.cpuCores()).isEqualTo(2);
        assertThat(info.cpuSockets()).isEqualTo(1);
        assertThat(info.cpuMhz()).as("no cpufreq: the current cpu MHz").isEqualTo(2596.14);
        assertThat(info.ramInstalledGb()).as("24683652 KiB").isEqualTo(23.54);
        assertThat(info.swapSizeGb()).isEqualTo(0.0);
        assertThat(info.disks()).as("proc, sysfs, devtmpfs, tmpfs and cgroup mounts are not disks")
                .containsExactly(new SystemInfo.Disk("/dev/vda", "/", "ext4", "252G", "23G", "79G", 23));
        assertThat(info.uptimeSeconds()).isEqualTo(773L);
        assertThat(info.uptime()).isEqualTo("12 minutes");
        assertThat(info.bootTime()).as("btime 1796150087").isEqualTo("2026-12-01T18:34:47Z");
        assertThat(info.loadAverage()).containsExactly(2.88, 1.78, 1.09);
        assertThat(info.selinuxStatus()).isEqualTo("disabled");
        assertThat(info.machineId()).isEqualTo("3d1219c7c4c5404aaa1f6d2a48adfda4");
        assertThat(info.hardware()).as("a Firecracker VM has no DMI").isNull();
        assertThat(info.needsReboot()).isFalse();
        assertThat(info.rebootReason()).isNull();
        // cpu  63329 373 9605 77352 2252 0 228 176: busy 73711 of 153315 ticks
        assertThat(info.usage().cpuPercent()).isEqualTo(48.08);
        // MemAvailable 24172984 of 24683652 KiB
        assertThat(info.usage().ramPercent()).isEqualTo(2.07);
        assertThat(info.usage().ramUsedGb()).isEqualTo(0.49);
        assertThat(info.usage().ramFreeGb()).isEqualTo(23.05);
        assertThat(info.usage().swapPercent()).as("no swap configured").isEqualTo(0.0);
    }

    @Test
    void ubuntuWithRebootRequiredAfterAKernelUpgrade() {
        RecordedCommands commands = new RecordedCommands()
                .answerText("uname -m", "x86_64\n", "", 0)
                .answer("df -P -k / /boot /boot/efi /srv/backup disk", Fixtures.output("ubuntu2404", "df.txt"), 0);

        SystemInfo info = new SystemCollector(Fixtures.host("ubuntu2404"), commands).collect();

        assertThat(info.osType()).isEqualTo("Ubuntu");
        assertThat(info.osVersion()).isEqualTo("24.04.1 LTS (Noble Numbat)");
        assertThat(info.kernelVersion()).isEqualTo("6.8.0-41-generic");
        assertThat(info.installedKernelVersion()).isEqualTo("6.8.0-45-generic");
        assertThat(info.needsReboot()).isTrue();
        assertThat(info.rebootReason()).isEqualTo("Reboot required by package updates: linux-image-6.8.0-45-generic, linux-base; "
                + "Kernel update: running 6.8.0-41-generic, installed 6.8.0-45-generic");
        assertThat(info.architecture()).as("no /proc/sys/kernel/arch: uname -m").isEqualTo("x86_64");
        assertThat(info.cpuModel()).isEqualTo("Intel(R) Xeon(R) Gold 6254 CPU @ 3.10GHz");
        assertThat(info.cpuCores()).isEqualTo(4);
        assertThat(info.cpuSockets()).isEqualTo(1);
        assertThat(info.ramInstalledGb()).isEqualTo(7.75);
        assertThat(info.swapSizeGb()).isEqualTo(4.0);
        assertThat(info.usage().swapPercent()).as("131072 of 4194300 KiB").isEqualTo(3.13);
        assertThat(info.disks()).as("snaps, overlay layers, docker's bind mount and tmpfs are left out; \\040 is a space")
                .extracting(SystemInfo.Disk::mountPoint).containsExactly("/", "/boot", "/boot/efi", "/srv/backup disk");
        assertThat(info.disks().get(0))
                .isEqualTo(new SystemInfo.Disk("/dev/mapper/ubuntu--vg-ubuntu--lv", "/", "ext4", "49G", "21G", "26G", 45));
        assertThat(info.disks().get(3).size()).isEqualTo("932G");
        assertThat(info.uptime()).isEqualTo("14 days, 6 hours, 56 minutes");
        assertThat(info.bootTime()).isEqualTo("2024-06-10T08:57:56Z");
        assertThat(info.hardware()).as("product_serial is root-only")
                .isEqualTo(new SystemInfo.Hardware("QEMU", "Standard PC (Q35 + ICH9, 2009)", null));
        assertThat(commands.ran()).doesNotContain("needs-restarting -r");
    }

    @Test
    void rockyWithANewerKernelInstalledAndSelinuxEnforcing() {
        RecordedCommands commands = new RecordedCommands()
                .answer("needs-restarting -r", Fixtures.output("rocky9", "needs-restarting.txt"), 1)
                .answer("df -P -k / /boot /boot/efi /home", Fixtures.output("rocky9", "df.txt"), 0);

        SystemInfo info = new SystemCollector(Fixtures.host("rocky9"), commands).collect();

        assertThat(info.osType()).isEqualTo("Rocky Linux");
        assertThat(info.osVersion()).isEqualTo("9.4 (Blue Onyx)");
        assertThat(info.kernelVersion()).isEqualTo("5.14.0-362.24.1.el9_3.x86_64");
        assertThat(info.installedKernelVersion())
                .as("the +debug variant is another flavour, the rescue image and the leftover 503 module dir are no kernels")
                .isEqualTo("5.14.0-427.13.1.el9_4.x86_64");
        assertThat(info.rebootReason()).isEqualTo("needs-restarting: updated since boot: kernel, systemd; "
                + "Kernel update: running 5.14.0-362.24.1.el9_3.x86_64, installed 5.14.0-427.13.1.el9_4.x86_64");
        assertThat(info.selinuxStatus()).isEqualTo("enabled");
        assertThat(info.cpuSockets()).isEqualTo(2);
        assertThat(info.cpuMhz()).as("cpufreq maximum, not the idle clock").isEqualTo(3900.0);
        assertThat(info.hardware()).isEqualTo(new SystemInfo.Hardware("Dell Inc.", "PowerEdge R640", "4XK9Q53"));
        assertThat(info.disks()).as("the NFS mount is not a local disk").extracting(SystemInfo.Disk::mountPoint)
                .containsExactly("/", "/boot", "/boot/efi", "/home");
        assertThat(info.disks().get(1)).isEqualTo(new SystemInfo.Disk("/dev/sda2", "/boot", "xfs", "1014M", "380M", "635M", 38));
        assertThat(info.uptime()).isEqualTo("1 hour");
        assertThat(info.usage().cpuPercent()).as("busy 151550 of 1355550 ticks").isEqualTo(11.18);
    }

    @Test
    void alpineWithoutDmiMachineIdOrKernelVersionInTheImageName() {
        RecordedCommands commands = new RecordedCommands()
                .answerText("uname -m", "x86_64\n", "", 0)
                .answer("df -P -k / /boot", Fixtures.output("alpine320", "df.txt"), 0);

        SystemInfo info = new SystemCollector(Fixtures.host("alpine320"), commands).collect();

        assertThat(info.osType()).isEqualTo("Alpine Linux");
        assertThat(info.osVersion()).as("no VERSION: VERSION_ID").isEqualTo("3.20.3");
        assertThat(info.installedKernelVersion()).as("vmlinuz-lts names no version: the module trees do")
                .isEqualTo("6.6.62-0-lts");
        assertThat(info.rebootReason()).isEqualTo("Kernel update: running 6.6.58-0-lts, installed 6.6.62-0-lts");
        assertThat(info.machineId()).isNull();
        assertThat(info.hardware()).isNull();
        assertThat(info.uptime()).isEqualTo("0 minutes");
        assertThat(info.disks()).extracting(SystemInfo.Disk::size).containsExactly("6.9G", "296M");
        assertThat(info.disks()).extracting(SystemInfo.Disk::usedPercent).containsExactly(6, 10);
    }

    @Test
    void freeBsdFromSysctlSwapinfoAndMountP() {
        RecordedCommands commands = new RecordedCommands()
                .answerText("uname -r", "14.1-RELEASE-p3\n", "", 0)
                .answerText("uname -m", "amd64\n", "", 0)
                .answerText("freebsd-version -k", "14.1-RELEASE-p5\n", "", 0)
                .answer("sysctl " + String.join(" ", FreeBsdSysctl.NAMES), Fixtures.output("freebsd14", "sysctl.txt"), 0)
                .answer("swapinfo -k", Fixtures.output("freebsd14", "swapinfo.txt"), 0)
                .answer("mount -p", Fixtures.output("freebsd14", "mount-p.txt"), 0)
                .answer("df -P -k / /boot/efi /tmp /usr/home /var/log /zroot", Fixtures.output("freebsd14", "df.txt"), 0);
        Clock clock = Clock.fixed(Instant.parse("2024-06-02T08:30:00Z"), ZoneOffset.UTC);

        SystemInfo info = new SystemCollector(Fixtures.host("freebsd14"), commands, clock).collect();

        assertThat(info.osType()).isEqualTo("FreeBSD");
        assertThat(info.osVersion()).isEqualTo("14.1-RELEASE-p5");
        assertThat(info.kernelVersion()).isEqualTo("14.1-RELEASE-p3");
        assertThat(info.installedKernelVersion()).isEqualTo("14.1-RELEASE-p5");
        assertThat(info.rebootReason()).isEqualTo("Kernel update: running 14.1-RELEASE-p3, installed 14.1-RELEASE-p5");
        assertThat(info.architecture()).isEqualTo("amd64");
        assertThat(info.cpuModel()).isEqualTo("Intel(R) Xeon(R) E-2236 CPU @ 3.40GHz");
        assertThat(info.cpuCores()).isEqualTo(12);
        assertThat(info.cpuMhz()).isEqualTo(3408.0);
        assertThat(info.ramInstalledGb()).as("hw.physmem 34201055232 bytes").isEqualTo(31.85);
        assertThat(info.swapSizeGb()).isEqualTo(4.0);
        assertThat(info.usage()).as("available = (free + inactive pages) x 4096; swap used from swapinfo")
                .isEqualTo(new SystemInfo.Usage(1.69, 15.74, 2.5, 5.01, 26.84));
        assertThat(info.bootTime()).isEqualTo("2024-06-01T07:00:00Z");
        assertThat(info.uptimeSeconds()).isEqualTo(91_800L);
        assertThat(info.uptime()).isEqualTo("1 day, 1 hour, 30 minutes");
        assertThat(info.loadAverage()).containsExactly(0.42, 0.35, 0.30);
        assertThat(info.machineId()).isEqualTo("7c4a8d09-ca37-4d6c-9c7f-3f0d2e1b5a6c");
        assertThat(info.disks()).as("devfs, fdescfs and procfs are no disks").extracting(SystemInfo.Disk::mountPoint)
                .containsExactly("/", "/boot/efi", "/tmp", "/usr/home", "/var/log", "/zroot");
        assertThat(info.disks().get(0)).isEqualTo(new SystemInfo.Disk("zroot/ROOT/default", "/", "zfs", "91G", "2.0G", "89G", 2));
        assertThat(info.disks().get(1).fileSystem()).isEqualTo("msdosfs");
    }

    @Test
    void anEmptyHostYieldsUnknownsWithoutThrowing(@TempDir Path root) {
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

        SystemInfo info = new SystemCollector(new HostFiles(root), new RecordedCommands(), clock).collect();

        assertThat(info.osType()).isNull();
        assertThat(info.kernelVersion()).isNull();
        assertThat(info.architecture()).isNull();
        assertThat(info.cpuCores()).isNull();
        assertThat(info.ramInstalledGb()).isNull();
        assertThat(info.disks()).isEmpty();
        assertThat(info.uptimeSeconds()).isNull();
        assertThat(info.bootTime()).isNull();
        assertThat(info.loadAverage()).isEmpty();
        assertThat(info.selinuxStatus()).isEqualTo("disabled");
        assertThat(info.needsReboot()).isFalse();
        assertThat(info.usage()).isEqualTo(new SystemInfo.Usage(null, null, null, null, null));
    }

    @Test
    void bootTimeFallsBackToTheClockLessUptime(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/uptime"), "90061.50 1000.00\n");
        Clock clock = Clock.fixed(Instant.parse("2024-01-02T01:01:01.700Z"), ZoneOffset.UTC);

        SystemInfo info = new SystemCollector(new HostFiles(root), new RecordedCommands(), clock).collect();

        assertThat(info.bootTime()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(info.uptime()).isEqualTo("1 day, 1 hour, 1 minute");
        assertThat(info.uptimeSeconds()).isEqualTo(90061L);
    }
}
