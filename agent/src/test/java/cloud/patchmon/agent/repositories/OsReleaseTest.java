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

    @Test
    void readsQuotedUnquotedAndEscapedValues() {
        OsRelease os = OsRelease.parse("""
                # a comment
                VERSION_ID=40
                PLATFORM_ID="platform:f40"
                NAME='Fedora Linux'
                PRETTY_NAME="Say \\"hi\\""
                EMPTY=""
                not a field
                """);

        assertThat(os.field("VERSION_ID")).contains("40");
        assertThat(os.field("PLATFORM_ID")).contains("platform:f40");
        assertThat(os.field("NAME")).contains("Fedora Linux");
        assertThat(os.field("PRETTY_NAME")).contains("Say \"hi\"");
        assertThat(os.field("EMPTY")).isEmpty();
        assertThat(os.field("MISSING")).isEmpty();
    }
}
