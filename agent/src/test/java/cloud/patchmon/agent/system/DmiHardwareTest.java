package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DmiHardwareTest {

    @Test
    void vendorPlaceholdersAreUnknowns(@TempDir Path root) throws IOException {
        Path dmi = Files.createDirectories(root.resolve("sys/class/dmi/id"));
        Files.writeString(dmi.resolve("sys_vendor"), "ASUS\n");
        Files.writeString(dmi.resolve("product_name"), "System Product Name\n");
        Files.writeString(dmi.resolve("product_serial"), "To Be Filled By O.E.M.\n");

        assertThat(new DmiHardware(new HostFiles(root)).read()).isEqualTo(new SystemInfo.Hardware("ASUS", null, null));
    }

    @Test
    void onlyPlaceholdersIsNoHardware(@TempDir Path root) throws IOException {
        Path dmi = Files.createDirectories(root.resolve("sys/class/dmi/id"));
        Files.writeString(dmi.resolve("sys_vendor"), "Default string\n");

        assertThat(new DmiHardware(new HostFiles(root)).read()).isNull();
    }
}
