package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.agent.patching.PatchRequest.PatchType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command lines per package manager (AGENT-PROTOCOL.md "Patch commands"). */
class PatchBackendsTest {

    private static final String KEEP = "-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold";

    private static PatchRequest all(boolean dryRun) {
        return new PatchRequest("r", PatchType.PATCH_ALL, dryRun, List.of());
    }

    private static PatchRequest packages(boolean dryRun, String... names) {
        return new PatchRequest("r", PatchType.PATCH_PACKAGE, dryRun, List.of(names));
    }

    private static List<String> commands(PatchBackends backends, String manager, PatchRequest request) throws Exception {
        return backends.plan(manager, request).steps().stream().map(PatchStep::display).toList();
    }

    @Test
    void apt() throws Exception {
        PatchBackends apt = new PatchBackends(new RecordedCommands(), () -> true);

        assertThat(commands(apt, "apt", all(false))).containsExactly("apt-get update -q", "apt-get " + KEEP + " --with-new-pkgs upgrade -y");
        assertThat(commands(apt, "apt", all(true))).containsExactly("apt-get update -q", "apt-get -s " + KEEP + " --with-new-pkgs upgrade");
        assertThat(commands(apt, "apt", packages(false, "curl", "openssl")))
                .containsExactly("apt-get update -q", "apt-get " + KEEP + " --only-upgrade install -y curl openssl");
        assertThat(commands(apt, "apt", packages(true, "curl")))
                .containsExactly("apt-get update -q", "apt-get -s " + KEEP + " --only-upgrade install curl");
        assertThat(commands(new PatchBackends(new RecordedCommands(), () -> false), "apt", packages(true, "curl")))
                .containsExactly("apt-get -s " + KEEP + " --only-upgrade install curl");
    }

    @Test
    void dnfAndYumWithDnf5WhereThatIsTheOnlyDnf() throws Exception {
        PatchBackends dnf = new PatchBackends(new RecordedCommands().program("dnf"), () -> true);
        PatchBackends dnf5 = new PatchBackends(new RecordedCommands().program("dnf5"), () -> true);

        assertThat(commands(dnf, "dnf", all(false))).containsExactly("dnf makecache -y", "dnf upgrade -y");
        assertThat(commands(dnf, "dnf", packages(true, "curl"))).containsExactly("dnf makecache -y", "dnf upgrade --assumeno curl");
        assertThat(commands(dnf5, "dnf", packages(false, "curl"))).containsExactly("dnf5 makecache -y", "dnf5 upgrade -y curl");
        assertThat(commands(dnf, "yum", packages(true, "vim-enhanced"))).containsExactly("yum makecache -y", "yum upgrade --assumeno vim-enhanced");
        assertThat(dnf.plan("dnf", packages(true, "curl")).steps().get(1).exitOneIsDecline()).isTrue();
        assertThat(dnf.plan("dnf", packages(false, "curl")).steps().get(1).exitOneIsDecline()).isFalse();
    }

    @Test
    void pacman() throws Exception {
        PatchBackends pacman = new PatchBackends(new RecordedCommands(), () -> true);

        assertThat(commands(pacman, "pacman", all(false))).containsExactly("pacman -Syu --noconfirm");
        assertThat(commands(pacman, "pacman", all(true))).containsExactly("pacman -Sy --noconfirm", "pacman -Sup --print-format %n %v");
        assertThat(commands(pacman, "pacman", packages(false, "curl"))).containsExactly("pacman -Sy --noconfirm", "pacman -S --noconfirm curl");
        assertThat(commands(pacman, "pacman", packages(true, "curl"))).containsExactly("pacman -Sy --noconfirm", "pacman -Sp --print-format %n %v curl");
    }

    @Test
    void freebsdPkgWithTheBaseSystemOnRealPatchAllRunsOnly() throws Exception {
        PatchBackends pkg = new PatchBackends(new RecordedCommands().program("pkg", "pkg-static", "freebsd-update"), () -> true);

        assertThat(commands(pkg, "pkg", all(false))).containsExactly("freebsd-update --not-running-from-cron fetch",
                "freebsd-update --not-running-from-cron install", "pkg update", "pkg upgrade -y");
        assertThat(commands(pkg, "pkg", all(true))).containsExactly("pkg update", "pkg upgrade -n");
        assertThat(commands(pkg, "pkg", packages(false, "curl"))).containsExactly("pkg update", "pkg install -y curl");
        assertThat(commands(pkg, "pkg", packages(true, "curl"))).containsExactly("pkg update", "pkg install -n curl");
        assertThat(commands(new PatchBackends(new RecordedCommands().program("pkg", "pkg-static"), () -> true), "pkg", all(false)))
                .as("a jail without freebsd-update patches its packages").containsExactly("pkg update", "pkg upgrade -y");
    }

    @Test
    void managersThatCannotPatchAreRefusedWithTheSpecsText() {
        PatchBackends backends = new PatchBackends(new RecordedCommands(), () -> true);

        assertThatThrownBy(() -> backends.plan("apk", all(false))).isInstanceOf(PatchRequest.Refused.class)
                .hasMessage("package manager \"apk\" not supported for patching (apt, dnf, yum, pkg, pacman required)");
        assertThatThrownBy(() -> backends.plan("zypper", all(false)))
                .hasMessage("package manager \"zypper\" not supported for patching (apt, dnf, yum, pkg, pacman required)");
    }

    @Test
    void everyToolRunsNonInteractively() throws Exception {
        PatchPlan plan = new PatchBackends(new RecordedCommands(), () -> true).plan("apt", all(false));

        assertThat(plan.environment()).containsEntry("DEBIAN_FRONTEND", "noninteractive").containsEntry("APT_LISTCHANGES_FRONTEND", "none")
                .containsEntry("NEEDRESTART_MODE", "l").containsEntry("ASSUME_ALWAYS_YES", "yes").containsEntry("PAGER", "cat")
                .doesNotContainKey("LC_ALL");
    }
}
