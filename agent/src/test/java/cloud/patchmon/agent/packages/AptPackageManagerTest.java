package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AptPackageManagerTest {

    @Test
    void reportsEveryInstalledPackageOnceWithDpkgsVersion() throws IOException {
        List<PackageEntry> packages = new AptPackageManager(AptFixtures.state("bookworm")).collect();

        List<String> dpkgLines = AptFixtures.text("bookworm", "dpkg-query.txt").lines().toList();
        assertThat(packages).extracting(PackageEntry::name).doesNotHaveDuplicates().hasSize(dpkgLines.size());
        Map<String, PackageEntry> byName = byName(packages);
        for (String line : dpkgLines) {
            String[] fields = line.split("\t");
            assertThat(byName.get(fields[0]).currentVersion()).as(fields[0]).isEqualTo(fields[2]);
        }
    }

    @Test
    void everyInstLineIsAnUpdateWithItsVersionAndNothingElseIsOnAHostWithoutHolds() throws IOException {
        List<PackageEntry> packages = new AptPackageManager(AptFixtures.state("bookworm")).collect();

        Map<String, String> instVersions = AptFixtures.text("bookworm", "apt-get-dist-upgrade.txt").lines()
                .filter(l -> l.startsWith("Inst "))
                .collect(Collectors.toMap(l -> l.split(" ")[1], l -> l.substring(l.indexOf('(') + 1).split(" ")[0]));
        Map<String, String> updates = packages.stream().filter(PackageEntry::needsUpdate)
                .collect(Collectors.toMap(PackageEntry::name, PackageEntry::availableVersion));
        assertThat(updates).isEqualTo(instVersions);
        assertThat(packages).filteredOn(p -> !p.needsUpdate()).allMatch(p -> p.availableVersion() == null && !p.isSecurityUpdate());
    }

    @Test
    void securityUpdatesAreThoseFromASecurityArchive() throws IOException {
        Map<String, PackageEntry> packages = byName(new AptPackageManager(AptFixtures.state("bookworm")).collect());

        assertThat(packages.values()).filteredOn(PackageEntry::isSecurityUpdate).hasSize(92);
        assertThat(packages.get("libssl3")).isEqualTo(PackageEntry.of("libssl3", "Secure Sockets Layer toolkit - shared libraries",
                "libs", "3.0.19-1~deb12u2", "3.0.22-1~deb12u2", true, true, "bookworm-security"));
        // offered by both the point release and the security archive
        assertThat(packages.get("libgcrypt20").isSecurityUpdate()).isTrue();
        assertThat(packages.get("libgcrypt20").sourceRepository()).isEqualTo("bookworm-security");
        assertThat(packages.get("curl")).isEqualTo(PackageEntry.of("curl", "command line tool for transferring data with URL syntax",
                "web", "7.88.1-10+deb12u14", "7.88.1-10+deb12u15", true, false, "bookworm"));
    }

    @Test
    void epochVersionsAreKept() throws IOException {
        PackageEntry libcap2 = byName(new AptPackageManager(AptFixtures.state("bookworm")).collect()).get("libcap2");

        assertThat(libcap2.currentVersion()).isEqualTo("1:2.66-4+deb12u2+b2");
        assertThat(libcap2.availableVersion()).isEqualTo("1:2.66-4+deb12u3+b1");
    }

    @Test
    void anUpToDatePackageComesFromTheSuiteOfItsInstalledVersion() throws IOException {
        Map<String, PackageEntry> packages = byName(new AptPackageManager(AptFixtures.state("bookworm")).collect());

        assertThat(packages.get("adduser")).isEqualTo(PackageEntry.of("adduser", "add and remove users and groups", "admin",
                "3.134", null, false, false, "bookworm"));
        // installed from a repository this host no longer has
        assertThat(packages.get("google-cloud-cli").sourceRepository()).isNull();
        assertThat(packages.get("google-cloud-cli").needsUpdate()).isFalse();
    }

    @Test
    void updatesAreWhatAptListUpgradableLists() throws IOException {
        List<PackageEntry> packages = new AptPackageManager(AptFixtures.state("held")).collect();

        List<String> aptList = AptFixtures.text("held", "apt-list-upgradable.txt").lines()
                .filter(l -> l.contains("[upgradable from: ")).map(l -> l.substring(0, l.indexOf('/'))).toList();
        assertThat(packages).filteredOn(PackageEntry::needsUpdate).extracting(PackageEntry::name)
                .containsExactlyInAnyOrderElementsOf(aptList);
    }

    @Test
    void heldPackagesUpgradesNeedingNewPackagesAndRebuildsAreUpdates() throws IOException {
        Map<String, PackageEntry> packages = byName(new AptPackageManager(AptFixtures.state("held")).collect());

        assertThat(packages.get("bash")).isEqualTo(PackageEntry.of("bash", "GNU Bourne Again SHell", "shells",
                "5.2.15-2+b8", "5.2.15-2+b13", true, false, "bookworm"));
        assertThat(packages.get("linux-image-amd64")).isEqualTo(PackageEntry.of("linux-image-amd64", "Linux for 64-bit PCs (meta-package)",
                "kernel", "6.1.170-1", "6.1.192-3", true, true, "bookworm-security"));
        assertThat(packages.get("adduser")).isEqualTo(PackageEntry.of("adduser", "add and remove users and groups", "admin",
                "3.134", "3.134", true, false, "bookworm"));
        // what the upgrade would newly install is not installed
        assertThat(packages).doesNotContainKeys("linux-image-6.1.0-57-amd64", "kmod");
        // removed, configuration kept
        assertThat(packages).doesNotContainKey("nano");
    }

    @Test
    void aPackageInstalledForTwoArchitecturesIsReportedOncePerArchitecture() throws IOException {
        Map<String, PackageEntry> packages = byName(new AptPackageManager(AptFixtures.state("held")).collect());

        assertThat(packages).containsKeys("libc6", "libc6:i386", "libgcc-s1", "libgcc-s1:i386", "gcc-12-base:i386");
        assertThat(packages.get("libc6:i386").currentVersion()).isEqualTo("2.36-9+deb12u14");
        assertThat(packages.get("libc6:i386").sourceRepository()).isNull();
        assertThat(packages.get("libc6").sourceRepository()).isEqualTo("bookworm");
    }

    @Test
    void nothingToUpgrade() throws IOException {
        List<PackageEntry> packages = new AptPackageManager(AptFixtures.state("current")).collect();

        assertThat(packages).hasSize((int) AptFixtures.text("current", "dpkg-query.txt").lines().count())
                .noneMatch(PackageEntry::needsUpdate);
        assertThat(byName(packages).get("libssl3").currentVersion()).isEqualTo("3.0.22-1~deb12u2");
    }

    @Test
    void aFailingSimulationFailsTheCollection() {
        RecordedCommands commands = new RecordedCommands()
                .answer("dpkg --print-architecture", AptFixtures.file("bookworm", "dpkg-print-architecture.txt"), 0)
                .answer(AptFixtures.DPKG_QUERY, AptFixtures.file("broken", "dpkg-query.txt"), 0)
                .answerText(AptFixtures.SIMULATION, AptFixtures.text("broken", "apt-get-dist-upgrade.txt"),
                        AptFixtures.text("broken", "apt-get-dist-upgrade.stderr"),
                        Integer.parseInt(AptFixtures.text("broken", "apt-get-dist-upgrade.exit").strip()));

        assertThatThrownBy(() -> new AptPackageManager(commands).collect())
                .isInstanceOf(IOException.class).hasMessageContaining("exited with 100").hasMessageContaining("Unmet dependencies");
        assertThat(commands.ran()).noneMatch(c -> c.startsWith("apt-cache"));
    }

    @Test
    void aFailingDpkgQueryFailsTheCollection() {
        RecordedCommands commands = new RecordedCommands()
                .answer("dpkg --print-architecture", AptFixtures.file("bookworm", "dpkg-print-architecture.txt"), 0)
                .answerText(AptFixtures.DPKG_QUERY, AptFixtures.text("corrupt", "dpkg-query.txt"),
                        AptFixtures.text("corrupt", "dpkg-query.stderr"),
                        Integer.parseInt(AptFixtures.text("corrupt", "dpkg-query.exit").strip()));

        assertThatThrownBy(() -> new AptPackageManager(commands).collect())
                .isInstanceOf(IOException.class).hasMessageContaining("missing 'Version' field");
        assertThat(commands.ran()).noneMatch(c -> c.startsWith("apt-get"));
    }

    @Test
    void presentWhenDpkgAndAptAreInstalled() {
        assertThat(new AptPackageManager(new RecordedCommands().program("dpkg-query", "apt-get", "apt-cache")).isPresent()).isTrue();
        assertThat(new AptPackageManager(new RecordedCommands().program("dpkg-query")).isPresent()).isFalse();
        assertThat(new AptPackageManager(new RecordedCommands()).name()).isEqualTo("apt");
    }

    @Test
    void collectingOnlyReadsAndRefreshingIsSeparate() throws IOException {
        RecordedCommands collecting = AptFixtures.state("bookworm");
        new AptPackageManager(collecting).collect();
        RecordedCommands refreshing = new RecordedCommands().answerText("apt-get -q update", "Reading package lists...\n", "", 0);
        new AptPackageManager(refreshing).refreshCache();

        assertThat(collecting.ran()).extracting(c -> String.join(" ", List.of(c.split(" ")).subList(0, 2)))
                .containsExactly("dpkg --print-architecture", "dpkg-query -W", "apt-get -s", "apt-cache policy");
        assertThat(refreshing.ran()).containsExactly("apt-get -q update");
    }

    @Test
    void aFailingRefreshIsAnError() {
        RecordedCommands refreshing = new RecordedCommands().answerText("apt-get -q update", "",
                "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)\n", 100);

        assertThatThrownBy(() -> new AptPackageManager(refreshing).refreshCache())
                .isInstanceOf(IOException.class).hasMessageContaining("Could not get lock");
    }

    private static Map<String, PackageEntry> byName(List<PackageEntry> packages) {
        return packages.stream().collect(Collectors.toMap(PackageEntry::name, Function.identity()));
    }
}
