package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OsReleaseTest {

    @Test
    void vendorCopyServesWhenEtcHasNone(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/os-release"), "NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n");

        OsRelease.Os os = new OsRelease(new HostFiles(root), new RecordedCommands()).read();

        assertThat(os).isEqualTo(new OsRelease.Os("Arch Linux", "rolling"));
    }

    @Test
    void freeBsdWithoutOsReleaseAsksFreebsdVersion(@TempDir Path root) {
        RecordedCommands commands = new RecordedCommands().answerText("freebsd-version -u", "14.1-RELEASE-p5\n", "", 0);

        OsRelease.Os os = new OsRelease(new HostFiles(root), commands).read();

        assertThat(os).isEqualTo(new OsRelease.Os("FreeBSD", "14.1-RELEASE-p5"));
    }

    @Test
    void nothingToReadIsUnknown(@TempDir Path root) {
        assertThat(new OsRelease(new HostFiles(root), new RecordedCommands()).read()).isEqualTo(new OsRelease.Os(null, null));
    }
}
