package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacmanParsersTest {

    @Test
    void readsEveryPackageBlockOfQueryInfo() throws IOException {
        List<PacmanInstalledPackage> packages = PacmanQueryInfoParser.parse(RecordedCommands.resource("/fixtures/pacman/arch/pacman-Qi.txt"));

        assertThat(packages).hasSize(25).extracting(PacmanInstalledPackage::name).startsWith("acl", "archlinux-keyring", "attr");
        assertThat(packages).contains(
                new PacmanInstalledPackage("xorg-xauth", "1.1.2-2", "X.Org authorization settings program", List.of("xorg-apps", "xorg")),
                new PacmanInstalledPackage("iptables", "1:1.8.10-1", "Linux kernel packet control tool (using legacy interface)", List.of()));
    }

    @Test
    void continuationLinesOfOptionalDependenciesAreNotFields() throws IOException {
        List<PacmanInstalledPackage> packages = PacmanQueryInfoParser.parse(RecordedCommands.resource("/fixtures/pacman/arch/pacman-Qi.txt"));

        // systemd's optional dependencies run over 14 lines of "<name>: <why>"
        assertThat(packages).filteredOn(p -> p.name().equals("systemd")).singleElement()
                .isEqualTo(new PacmanInstalledPackage("systemd", "255.3-1", "system and service manager", List.of()));
    }

    @Test
    void aBlockWithoutNameIsAnError() {
        assertThatThrownBy(() -> PacmanQueryInfoParser.parse("Version         : 1.0-1\n\n")).isInstanceOf(IOException.class);
    }

    @Test
    void readsUpdatesWithEpochs() throws IOException {
        assertThat(PacmanUpdatesParser.parse(RecordedCommands.resource("/fixtures/pacman/arch/checkupdates.txt")))
                .hasSize(8).containsEntry("zlib", "1:1.3.1-2").containsEntry("xz", "5.6.0-1");
    }

    @Test
    void leavesIgnoredPackagesOut() throws IOException {
        assertThat(PacmanUpdatesParser.parse(RecordedCommands.resource("/fixtures/pacman/arch/pacman-Qu.txt")))
                .containsOnlyKeys("curl", "xz");
    }

    @Test
    void aLineThatIsNotAnUpdateIsAnError() {
        assertThatThrownBy(() -> PacmanUpdatesParser.parse("==> ERROR: Cannot fetch updates\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("Cannot fetch updates");
    }
}
