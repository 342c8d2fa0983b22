package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reads the machine's real /etc/apt and compares with apt's own reading of it. */
class AptRepositoriesHostTest {

    @Test
    void theRealAptConfigurationReadsAsAptReadsIt() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/etc/apt")), "no /etc/apt on this machine");
        AptIndexTargets apt = new AptIndexTargets();
        assumeTrue(apt.available(), "apt-get is not installed");

        List<RepositoryEntry> entries = new AptRepositories(HostFiles.system()).collect();

        assertThat(AptIndexTargets.of(entries)).isEqualTo(apt.ofHost());
        assertThat(entries).allSatisfy(e -> assertThat(e.isSecure()).isEqualTo(e.url().startsWith("https://")));
    }
}
