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

class PacmanPackageManagerTest {

    @Test
    void reportsEveryInstalledPackageWithDescriptionAndGroup() throws IOException {
        List<PackageEntry> packages = new PacmanPackageManager(withCheckupdates("arch")).collect();

        assertThat(packages).extracting(PackageEntry::name).doesNotHaveDuplicates()
                .hasSize((int) fixture("arch", "pacman-Qi.txt").lines().filter(l -> l.startsWith("Name ")).count());
        Map<String, PackageEntry> byName = byName(packages);
        assertThat(byName.get("acl")).isEqualTo(PackageEntry.of("acl", "Access control list utilities, libraries and headers",
                null, "2.3.2-1", null, false, false, null));
        assertThat(byName.get("xorg-xauth").category()).isEqualTo("xorg-apps");
        assertThat(byName.get("less").currentVersion()).isEqualTo("1:643-1");
    }

    @Test
    void updatesComeFromCheckupdatesWhenItCanRun() throws IOException {
        RecordedCommands commands = withCheckupdates("arch");
        Map<String, PackageEntry> packages = byName(new PacmanPackageManager(commands).collect());

        assertThat(commands.ran()).containsExactly("pacman -Qi", "checkupdates");
        assertThat(packages.values()).filteredOn(PackageEntry::needsUpdate).extracting(PackageEntry::name)
                .containsExactlyInAnyOrderElementsOf(names(fixture("arch", "checkupdates.txt")));
        assertThat(packages.get("zlib")).isEqualTo(PackageEntry.of("zlib",
                "Compression library implementing the deflate compression method found in gzip and PKZIP", null,
                "1:1.3.1-1", "1:1.3.1-2", true, false, null));
        assertThat(packages.get("linux").availableVersion()).isEqualTo("6.7.6.arch1-1");
        assertThat(packages.values()).noneMatch(PackageEntry::isSecurityUpdate);
    }

    @Test
    void withoutCheckupdatesTheHostsSyncDatabaseTellsAndIgnoredPackagesAreNotUpdates() throws IOException {
        RecordedCommands commands = installed("arch").answer("pacman -Qu", "/fixtures/pacman/arch/pacman-Qu.txt", 0);
        Map<String, PackageEntry> packages = byName(new PacmanPackageManager(commands).collect());

        assertThat(commands.ran()).containsExactly("pacman -Qi", "pacman -Qu");
        assertThat(packages.values()).filteredOn(PackageEntry::needsUpdate).extracting(PackageEntry::name)
                .containsExactlyInAnyOrder("curl", "xz");
        assertThat(packages.get("linux").needsUpdate()).isFalse();
    }

    @Test
    void checkupdatesNeedsFakerootOtherwiseTheHostsSyncDatabaseTells() throws IOException {
        RecordedCommands commands = installed("arch").program("checkupdates")
                .answer("pacman -Qu", "/fixtures/pacman/arch/pacman-Qu.txt", 0);

        new PacmanPackageManager(commands).collect();

        assertThat(commands.ran()).containsExactly("pacman -Qi", "pacman -Qu");
    }

    @Test
    void nothingToUpdateIsAnExitStatusNotAFailure() throws IOException {
        RecordedCommands checkupdates = installed("arch").program("fakeroot")
                .answer("checkupdates", "/fixtures/pacman/current/checkupdates.txt", exit("current", "checkupdates"));
        RecordedCommands query = installed("arch")
                .answer("pacman -Qu", "/fixtures/pacman/current/pacman-Qu.txt", exit("current", "pacman-Qu"));

        assertThat(new PacmanPackageManager(checkupdates).collect()).isNotEmpty().noneMatch(PackageEntry::needsUpdate);
        assertThat(new PacmanPackageManager(query).collect()).isNotEmpty().noneMatch(PackageEntry::needsUpdate);
    }

    @Test
    void checkupdatesFailingToSyncFailsTheCollection() {
        RecordedCommands commands = installed("arch").program("fakeroot")
                .answerText("checkupdates", "", fixture("offline", "checkupdates.stderr"), exit("offline", "checkupdates"));

        assertThatThrownBy(() -> new PacmanPackageManager(commands).collect())
                .isInstanceOf(IOException.class).hasMessageContaining("Cannot fetch updates");
    }

    @Test
    void pacmanQueryFailingWithAnErrorIsAFailureNotNoUpdate() {
        RecordedCommands commands = installed("arch")
                .answerText("pacman -Qu", "", fixture("nodb", "pacman-Qi.stderr"), 1);

        assertThatThrownBy(() -> new PacmanPackageManager(commands).collect())
                .isInstanceOf(IOException.class).hasMessageContaining("failed to initialize alpm library");
    }

    @Test
    void anUnreadableDatabaseFailsTheCollection() {
        RecordedCommands commands = new RecordedCommands()
                .answerText("pacman -Qi", "", fixture("nodb", "pacman-Qi.stderr"), exit("nodb", "pacman-Qi"));

        assertThatThrownBy(() -> new PacmanPackageManager(commands).collect())
                .isInstanceOf(IOException.class).hasMessageContaining("could not find or read directory");
        assertThat(commands.ran()).containsExactly("pacman -Qi");
    }

    @Test
    void presentWhenPacmanIsInstalled() {
        assertThat(new PacmanPackageManager(new RecordedCommands().program("pacman")).isPresent()).isTrue();
        assertThat(new PacmanPackageManager(new RecordedCommands().program("checkupdates")).isPresent()).isFalse();
        assertThat(new PacmanPackageManager(new RecordedCommands()).name()).isEqualTo("pacman");
    }

    private static RecordedCommands installed(String state) {
        return new RecordedCommands().answer("pacman -Qi", "/fixtures/pacman/" + state + "/pacman-Qi.txt", 0);
    }

    private static RecordedCommands withCheckupdates(String state) {
        return installed(state).program("fakeroot")
                .answer("checkupdates", "/fixtures/pacman/" + state + "/checkupdates.txt", exit(state, "checkupdates"));
    }

    private static List<String> names(String updates) {
        return updates.lines().map(l -> l.split(" ")[0]).toList();
    }

    private static int exit(String state, String command) {
        return Integer.parseInt(fixture(state, command + ".exit").strip());
    }

    private static String fixture(String state, String name) {
        return RecordedCommands.resource("/fixtures/pacman/" + state + "/" + name);
    }

    private static Map<String, PackageEntry> byName(List<PackageEntry> packages) {
        return packages.stream().collect(Collectors.toMap(PackageEntry::name, Function.identity()));
    }
}
