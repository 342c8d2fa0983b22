package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Dnf5CheckUpgradeParserTest {

    @Test
    void readsTheUpgradesAndLeavesTheObsoletingSectionOut() throws IOException {
        var updates = Dnf5CheckUpgradeParser.parse(RecordedCommands.resource("/fixtures/dnf5/check-upgrade.txt"));

        assertThat(updates).extracting(RpmUpdate::name).containsExactly("curl", "firefox", "grub2-tools", "kernel",
                "kernel-core", "libcurl", "openssl-libs", "python3-urllib3", "vim-minimal");
        assertThat(updates).contains(new RpmUpdate("openssl-libs", "x86_64", "1:3.2.4-1.fc41", "updates"),
                new RpmUpdate("python3-urllib3", "noarch", "1.26.20-2.fc41", "updates"));
        assertThat(updates).extracting(RpmUpdate::repository).containsOnly("updates");
    }

    @Test
    void toleratesTheRepositoryLoadingLines() throws IOException {
        String stdout = "Updating and loading repositories:\nRepositories loaded.\ncurl.x86_64 8.9.1-3.fc41 updates\n\n";

        assertThat(Dnf5CheckUpgradeParser.parse(stdout)).containsExactly(
                new RpmUpdate("curl", "x86_64", "8.9.1-3.fc41", "updates"));
    }

    @Test
    void rejectsALineThatIsNotARow() {
        String stdout = "curl.x86_64 8.9.1-3.fc41 updates\nFailed to load metadata for repository \"copr\"\n";

        assertThatThrownBy(() -> Dnf5CheckUpgradeParser.parse(stdout)).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsAnUpgradeListWithoutRows() {
        assertThatThrownBy(() -> Dnf5CheckUpgradeParser.parse("\n")).isInstanceOf(IOException.class);
    }
}
