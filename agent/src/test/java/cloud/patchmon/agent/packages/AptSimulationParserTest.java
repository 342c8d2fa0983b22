package cloud.patchmon.agent.packages;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AptSimulationParserTest {

    @Test
    void oneUpgradePerInstLineNotPerConfLine() throws IOException {
        String output = AptFixtures.text("bookworm", "apt-get-dist-upgrade.txt");

        List<AptUpgrade> upgrades = AptSimulationParser.parse(output);

        assertThat(output).contains("\nConf bash (5.2.15-2+b13");
        assertThat(upgrades).hasSize((int) output.lines().filter(l -> l.startsWith("Inst ")).count())
                .extracting(AptUpgrade::aptName).doesNotHaveDuplicates();
        assertThat(upgrades).contains(new AptUpgrade("bash", "5.2.15-2+b8", "5.2.15-2+b13", List.of("Debian:12.15/oldstable"), "amd64"));
    }

    @Test
    void keepsEpochsAndEveryOriginOfTheVersion() throws IOException {
        List<AptUpgrade> upgrades = AptSimulationParser.parse(AptFixtures.text("bookworm", "apt-get-dist-upgrade.txt"));

        assertThat(upgrades).contains(
                new AptUpgrade("libcap2", "1:2.66-4+deb12u2+b2", "1:2.66-4+deb12u3+b1", List.of("Debian:12.15/oldstable"), "amd64"),
                new AptUpgrade("libgcrypt20", "1.10.1-3", "1.10.1-3+deb12u1",
                        List.of("Debian:12.15/oldstable", "Debian-Security:12/oldstable-security"), "amd64"),
                new AptUpgrade("tzdata", "2025b-0+deb12u2", "2026f-0+deb12u1", List.of("Debian-Security:12/oldstable-security"), "all"));
    }

    @Test
    void readsLinesFollowedByApTsOrderingNotes() throws IOException {
        List<AptUpgrade> upgrades = AptSimulationParser.parse(AptFixtures.text("bookworm", "apt-get-dist-upgrade.txt"));

        // "Inst libpam-modules-bin [...] (... [amd64]) [libpam-modules:amd64 on libpam-modules-bin:amd64] [libpam-modules:amd64 ]"
        assertThat(upgrades).contains(new AptUpgrade("libpam-modules-bin", "1.5.2-6+deb12u1", "1.5.2-6+deb12u3",
                List.of("Debian-Security:12/oldstable-security"), "amd64"));
    }

    @Test
    void securityIsTheArchiveNotThePackageName() throws IOException {
        List<AptUpgrade> upgrades = AptSimulationParser.parse(AptFixtures.text("bookworm", "apt-get-dist-upgrade.txt"));

        assertThat(upgrades).filteredOn(u -> u.aptName().equals("libgcrypt20")).allMatch(AptUpgrade::fromSecurityArchive);
        assertThat(upgrades).filteredOn(u -> u.aptName().equals("curl")).noneMatch(AptUpgrade::fromSecurityArchive);
        assertThat(AptUpgrade.isSecurityArchive("Ubuntu:22.04/jammy-security")).isTrue();
        assertThat(AptUpgrade.isSecurityArchive("Ubuntu:22.04/jammy-updates")).isFalse();
    }

    @Test
    void packagesANewDependencyBringsInHaveNoInstalledVersion() throws IOException {
        List<AptUpgrade> upgrades = AptSimulationParser.parse(AptFixtures.text("held", "apt-get-dist-upgrade.txt"));

        assertThat(upgrades).contains(
                new AptUpgrade("linux-image-6.1.0-57-amd64", null, "6.1.192-3", List.of("Debian-Security:12/oldstable-security"), "amd64"),
                new AptUpgrade("linux-image-amd64", "6.1.170-1", "6.1.192-3", List.of("Debian-Security:12/oldstable-security"), "amd64"));
    }

    @Test
    void upgradeKeepsBackWhatDistUpgradeInstalls() throws IOException {
        List<String> upgrade = AptSimulationParser.parse(AptFixtures.text("held", "apt-get-upgrade.txt")).stream()
                .map(AptUpgrade::aptName).toList();
        List<String> distUpgrade = AptSimulationParser.parse(AptFixtures.text("held", "apt-get-dist-upgrade.txt")).stream()
                .map(AptUpgrade::aptName).toList();

        assertThat(upgrade).doesNotContain("linux-image-amd64", "linux-image-6.1.0-49-amd64", "bash");
        assertThat(distUpgrade).contains("linux-image-amd64", "linux-image-6.1.0-49-amd64").doesNotContain("bash")
                .containsAll(upgrade);
    }

    @Test
    void nothingToUpgradeIsNoUpgrade() throws IOException {
        assertThat(AptSimulationParser.parse(AptFixtures.text("current", "apt-get-dist-upgrade.txt"))).isEmpty();
    }

    @Test
    void anInstLineOfAnUnknownShapeIsAnErrorNotAMissingUpdate() {
        assertThatThrownBy(() -> AptSimulationParser.parse("Inst bash [5.2.15-2+b8] 5.2.15-2+b13\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("Inst bash");
    }
}
