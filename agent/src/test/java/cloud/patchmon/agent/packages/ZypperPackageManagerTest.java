package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZypperPackageManagerTest {

    private static final String RPM_QA = "rpm -qa --queryformat " + RpmInstalledPackages.QUERY_FORMAT;
    private static final String LIST_UPDATES = "zypper --non-interactive --no-refresh --xmlout list-updates";
    private static final String LIST_PATCHES =
            "zypper --non-interactive --no-refresh --xmlout list-patches --category security";
    private static final String PATCH_INFO = "zypper --non-interactive --no-refresh info -t patch "
            + "openSUSE-SLE-15.6-2024-3849 openSUSE-SLE-15.6-2024-3876 openSUSE-SLE-15.6-2024-4100";

    private static RecordedCommands leapHost() {
        return new RecordedCommands()
                .answer(RPM_QA, "/fixtures/zypper/rpm-qa.txt", 0)
                .answer(LIST_UPDATES, "/fixtures/zypper/list-updates.xml", 0)
                .answer(LIST_PATCHES, "/fixtures/zypper/list-patches-security.xml", 0)
                .answer(PATCH_INFO, "/fixtures/zypper/info-patch-security.txt", 0);
    }

    @Test
    void reportsUpdatesFromTheirRepositoryAndTheSecurityOnesFromThePatches() throws IOException {
        var entries = new ZypperPackageManager(leapHost()).collect();

        assertThat(entries).extracting(PackageEntry::name).containsExactly("bash", "curl", "kernel-default",
                "libcurl4", "libopenssl3", "openssl-3", "timezone", "vim", "zypper");
        assertThat(entries.get(1)).isEqualTo(PackageEntry.of("curl", "A Tool for Transferring Data from URLs",
                "Productivity/Networking/Web/Utilities", "8.6.0-150600.4.6.1", "8.6.0-150600.4.9.1", true, true,
                "repo-sle-update"));
        assertThat(entries).filteredOn(PackageEntry::isSecurityUpdate).extracting(PackageEntry::name)
                .containsExactly("curl", "kernel-default", "libcurl4", "libopenssl3", "openssl-3");
        assertThat(entries).filteredOn(e -> e.name().equals("vim")).singleElement()
                .satisfies(vim -> assertThat(vim.isSecurityUpdate()).isFalse());
    }

    @Test
    void comparesTheNewestInstalledKernelWithTheUpdate() throws IOException {
        var entries = new ZypperPackageManager(leapHost()).collect();

        assertThat(entries).filteredOn(e -> e.name().equals("kernel-default")).singleElement().satisfies(kernel -> {
            assertThat(kernel.currentVersion()).isEqualTo("6.4.0-150600.23.30.1");
            assertThat(kernel.availableVersion()).isEqualTo("6.4.0-150600.23.33.1");
        });
    }

    @Test
    void acceptsTheExitCodesThatSayPatchesAreNeeded() throws IOException {
        var runner = leapHost().answer(LIST_PATCHES, "/fixtures/zypper/list-patches-security.xml", 101);

        assertThat(new ZypperPackageManager(runner).collect()).filteredOn(PackageEntry::isSecurityUpdate).hasSize(5);
    }

    @Test
    void withoutUpdatesNoPatchIsLookedUp() throws IOException {
        var runner = leapHost().answer(LIST_UPDATES, "/fixtures/zypper/list-updates-none.xml", 0);

        var entries = new ZypperPackageManager(runner).collect();

        assertThat(entries).hasSize(9).noneMatch(PackageEntry::needsUpdate);
        assertThat(runner.ran()).containsExactly(RPM_QA, LIST_UPDATES);
    }

    @Test
    void aHostWithoutRepositoriesHasNothingOffered() throws IOException {
        var runner = leapHost().answerText(LIST_UPDATES, "<?xml version='1.0'?>\n<stream>\n"
                + "<message type=\"warning\">No repositories defined. Operating only with the installed resolvables."
                + " Nothing can be installed.</message>\n</stream>\n", "", 6);

        assertThat(new ZypperPackageManager(runner).collect()).hasSize(9).noneMatch(PackageEntry::needsUpdate);
    }

    @Test
    void aLockedPackageManagerFailsTheCollection() {
        var runner = leapHost().answerText(LIST_UPDATES, "", "System management is locked by the application with pid 4242 (zypper).\n", 7);

        assertThatThrownBy(() -> new ZypperPackageManager(runner).collect()).isInstanceOf(IOException.class)
                .hasMessageContaining("locked");
    }

    @Test
    void refreshingTheCacheRefreshesTheRepositories() throws IOException {
        var runner = new RecordedCommands().answerText("zypper --non-interactive refresh",
                "Repository 'Main Repository' is up to date.\nAll repositories have been refreshed.\n", "", 0);

        new ZypperPackageManager(runner).refreshCache();

        assertThat(runner.ran()).containsExactly("zypper --non-interactive refresh");
    }
}
