package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class RepositorySourcesTest {

    @ParameterizedTest
    @CsvSource({"apt, debian12-netinst, AptRepositories", "dnf, rocky9, YumRepositories", "yum, rocky9, YumRepositories",
            "zypper, leap156, ZypperRepositories", "apk, alpine319, ApkRepositories", "pacman, arch, PacmanRepositories",
            "pkg, freebsd14, PkgRepositories"})
    void eachPackageManagerGetsTheSourceThatReadsItsFiles(String manager, String fixture, String type) throws IOException {
        RecordedCommands commands = new RecordedCommands().answerText("pkg config abi", "FreeBSD:14:amd64\n", "", 0);

        RepositorySource source = RepositorySources.forManager(manager, Fixtures.host(fixture), commands, "x86_64").orElseThrow();

        assertThat(source.getClass().getSimpleName()).isEqualTo(type);
        assertThat(source.packageManager()).isEqualTo(manager);
        assertThat(source.collect()).isNotEmpty();
    }

    @Test
    void aManagerWithoutRepositoryFilesHasNoSource() {
        assertThat(RepositorySources.forManager("winget", Fixtures.host("debian12"), new RecordedCommands(), "x86_64")).isEmpty();
    }
}
