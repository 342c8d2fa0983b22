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

class ApkPackageManagerTest {

    private static final String INFO = "apk info -vv";
    private static final String VERSION = "apk version -l <";

    @Test
    void reportsEveryInstalledPackageWithItsDescription() throws IOException {
        List<PackageEntry> packages = new ApkPackageManager(host("alpine-3.18", "alpine-3.18")).collect();

        assertThat(packages).hasSize((int) RecordedCommands.resource("/fixtures/apk/alpine-3.18/apk-info-vv.txt").lines().count())
                .extracting(PackageEntry::name).doesNotHaveDuplicates();
        assertThat(byName(packages).get("apk-tools")).isEqualTo(PackageEntry.of("apk-tools",
                "Alpine Package Keeper - package manager for alpine", null, "2.14.0-r2", null, false, false, null));
        assertThat(byName(packages).get("libstdc++").currentVersion()).isEqualTo("12.2.1_git20220924-r10");
        assertThat(byName(packages).get("ncurses-terminfo-base").currentVersion()).isEqualTo("6.4_p20230506-r0");
    }

    @Test
    void updatesAreThoseApkVersionListsAndNeverSecurity() throws IOException {
        Map<String, PackageEntry> packages = byName(new ApkPackageManager(host("alpine-3.18", "alpine-3.18")).collect());

        List<String> listed = RecordedCommands.resource("/fixtures/apk/alpine-3.18/apk-version-l-lt.txt").lines()
                .filter(l -> l.contains(" < ")).map(l -> l.substring(0, l.indexOf(' '))).toList();
        assertThat(packages.values()).filteredOn(PackageEntry::needsUpdate)
                .extracting(p -> p.name() + "-" + p.currentVersion()).containsExactlyInAnyOrderElementsOf(listed);
        assertThat(packages.get("libcrypto3")).isEqualTo(PackageEntry.of("libcrypto3", "Crypto library from openssl", null,
                "3.1.4-r1", "3.1.4-r5", true, false, null));
        assertThat(packages.get("ca-certificates-bundle").availableVersion()).isEqualTo("20240226-r0");
        assertThat(packages.values()).noneMatch(PackageEntry::isSecurityUpdate);
        assertThat(packages.get("musl").needsUpdate()).isFalse();
    }

    @Test
    void nothingToUpgrade() throws IOException {
        assertThat(new ApkPackageManager(host("alpine-3.18", "current")).collect()).noneMatch(PackageEntry::needsUpdate);
    }

    @Test
    void unreadableIndexesLeaveNoUpdateButTheInventory() throws IOException {
        RecordedCommands commands = new RecordedCommands()
                .answer(INFO, "/fixtures/apk/alpine-3.18/apk-info-vv.txt", 0)
                .answerText(VERSION, RecordedCommands.resource("/fixtures/apk/stale-index/apk-version-l-lt.txt"),
                        RecordedCommands.resource("/fixtures/apk/stale-index/apk-version-l-lt.stderr"), 0);

        List<PackageEntry> packages = new ApkPackageManager(commands).collect();

        assertThat(packages).isNotEmpty().noneMatch(PackageEntry::needsUpdate);
    }

    @Test
    void anUnreadableDatabaseFailsTheCollection() {
        RecordedCommands commands = new RecordedCommands()
                .answerText(INFO, "", RecordedCommands.resource("/fixtures/apk/nodb/apk-info-vv.stderr"),
                        Integer.parseInt(RecordedCommands.resource("/fixtures/apk/nodb/apk-info-vv.exit").strip()));

        assertThatThrownBy(() -> new ApkPackageManager(commands).collect())
                .isInstanceOf(IOException.class).hasMessageContaining("exited with 99").hasMessageContaining("Permission denied");
        assertThat(commands.ran()).containsExactly(INFO);
    }

    @Test
    void aFailingVersionCheckFailsTheCollection() {
        RecordedCommands commands = new RecordedCommands()
                .answer(INFO, "/fixtures/apk/alpine-3.18/apk-info-vv.txt", 0)
                .answerText(VERSION, "", RecordedCommands.resource("/fixtures/apk/nodb/apk-info-vv.stderr"), 99);

        assertThatThrownBy(() -> new ApkPackageManager(commands).collect()).isInstanceOf(IOException.class);
    }

    @Test
    void presentWhenApkIsInstalled() {
        assertThat(new ApkPackageManager(new RecordedCommands().program("apk")).isPresent()).isTrue();
        assertThat(new ApkPackageManager(new RecordedCommands().program("apt-get")).isPresent()).isFalse();
        assertThat(new ApkPackageManager(new RecordedCommands()).name()).isEqualTo("apk");
    }

    private static RecordedCommands host(String installed, String versions) {
        return new RecordedCommands()
                .answer(INFO, "/fixtures/apk/" + installed + "/apk-info-vv.txt", 0)
                .answer(VERSION, "/fixtures/apk/" + versions + "/apk-version-l-lt.txt", 0);
    }

    private static Map<String, PackageEntry> byName(List<PackageEntry> packages) {
        return packages.stream().collect(Collectors.toMap(PackageEntry::name, Function.identity()));
    }
}
