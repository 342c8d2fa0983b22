package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RebootCheckTest {

    private static final KernelVersions.Kernels SAME_KERNEL = new KernelVersions.Kernels("6.1.0-18-amd64", "6.1.0-18-amd64");

    @Test
    void theFlagWithoutAPackageListStillAsksForAReboot(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("run"));
        Files.writeString(root.resolve("run/reboot-required"), "*** System restart required ***\n");

        RebootCheck.Reboot reboot = new RebootCheck(new HostFiles(root), new RecordedCommands()).check(SAME_KERNEL);

        assertThat(reboot).isEqualTo(new RebootCheck.Reboot(true, "Reboot required (/run/reboot-required)"));
    }

    @Test
    void needsRestartingSaysNothingUnlessItExitsOne(@TempDir Path root) {
        RecordedCommands failing = new RecordedCommands().answerText("needs-restarting -r", "", "Error: This command has to be run with superuser privileges\n", 2);
        RecordedCommands fine = new RecordedCommands().answerText("needs-restarting -r",
                "Core libraries or services have been updated since boot-up:\n  * kernel\n\nReboot is required\n", "", 0);

        assertThat(new RebootCheck(new HostFiles(root), failing).check(SAME_KERNEL)).isEqualTo(new RebootCheck.Reboot(false, null));
        assertThat(new RebootCheck(new HostFiles(root), fine).check(SAME_KERNEL)).isEqualTo(new RebootCheck.Reboot(false, null));
    }

    @Test
    void anOlderInstalledKernelIsNoReason(@TempDir Path root) {
        KernelVersions.Kernels custom = new KernelVersions.Kernels("6.9.0-custom", "6.1.0-18-amd64");

        assertThat(new RebootCheck(new HostFiles(root), new RecordedCommands()).check(custom).needed()).isFalse();
        assertThat(new KernelVersions.Kernels("6.1.0-18-amd64", null).updatePending()).isFalse();
    }
}
