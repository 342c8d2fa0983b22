package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OsReleaseTest {

    @TempDir
    Path root;

    @Test
    void fallsBackToUsrLibOsReleaseAndHasNoFieldsWithoutEither() throws IOException {
        assertThat(OsRelease.read(new ConfigText(new HostFiles(root))).fields()).isEmpty();

        Fixtures.write(root, "/usr/lib/os-release", "VERSION_ID=\"9.4\"\n");
        assertThat(OsRelease.read(new ConfigText(new HostFiles(root))).field("VERSION_ID")).contains("9.4");

        Fixtures.write(root, "/etc/os-release", "VERSION_ID=\"9.5\"\n");
        assertThat(OsRelease.read(new ConfigText(new HostFiles(root))).field("VERSION_ID")).contains("9.5");
    }
}
