package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnfPackageManagerTest {

    private static final String RPM_QA = "rpm -qa --queryformat " + RpmInstalledPackages.QUERY_FORMAT;
    private static final String DNF4_CHECK = "dnf --cacheonly check-update";
    private static final String DNF4_SECURITY = "dnf --cacheonly updateinfo list --security --available";
    private static final String DNF5_CHECK = "dnf --cacheonly check-upgrade";
    private static final String DNF5_SECURITY = "dnf --cacheonly advisory list --updates --security";

    private static RecordedCommands dnf4Host() {
        return new RecordedCommands()
                .answer("dnf --version", "/fixtures/dnf4/dnf-version.txt", 0)
                .answer(RPM_QA, "/fixtures/dnf4/rpm-qa.txt", 0)
                .answer(DNF4_CHECK, "/fixtures/dnf4/check-update.txt", 100)
                .answer(DNF4_SECURITY, "/fixtures/dnf4/updateinfo-list-security.txt", 0);
    }

    private static RecordedCommands dnf5Host() {
        return new RecordedCommands()
                .answer("dnf --version", "/fixtures/dnf5/dnf-version.txt", 0)
                .answer(RPM_QA, "/fixtures/dnf5/rpm-qa.txt", 0)
                .answer(DNF5_CHECK, "/fixtures/dnf5/check-upgrade.txt", 100)
                .answer(DNF5_SECURITY, "/fixtures/dnf5/advisory-list-security.txt", 0);
    }

    private static PackageEntry entry(List<PackageEntry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void dnf4ReportsEveryInstalledPackageOnceWithItsUpdate() throws IOException {
        var entries = new DnfPackageManager(dnf4Host()).collect();

        assertThat(entries).extracting(PackageEntry::name).doesNotHaveDuplicates().hasSize(14);
        assertThat(entry(entries, "openssl")).isEqualTo(PackageEntry.of("openssl",
                "Utilities from the general purpose cryptography library with TLS implementation", null,
                "1:3.0.7-27.el9", "1:3.0.7-28.el9_4", true, false, "rhel-9-for-x86_64-baseos-rpms"));
        assertThat(entry(entries, "bash")).isEqualTo(PackageEntry.of("bash", "The GNU Bourne Again shell", null,
                "5.1.8-9.el9", null, false, false, null));
    }

    @Test
    void dnf4FlagsUpdatesWhoseAdvisoryIsNewerThanTheInstalledVersion() throws IOException {
        var entries = new DnfPackageManager(dnf4Host()).collect();

        assertThat(entries).filteredOn(PackageEntry::isSecurityUpdate).extracting(PackageEntry::name)
                .containsExactlyInAnyOrder("curl", "kernel", "kernel-core", "libcurl", "vim-minimal");
        assertThat(entry(entries, "kernel")).satisfies(kernel -> {
            assertThat(kernel.currentVersion()).isEqualTo("5.14.0-427.13.1.el9_4");
            assertThat(kernel.availableVersion()).isEqualTo("5.14.0-427.31.1.el9_4");
        });
        assertThat(entry(entries, "tzdata")).satisfies(tzdata -> {
            assertThat(tzdata.needsUpdate()).isTrue();
            assertThat(tzdata.isSecurityUpdate()).isFalse();
        });
    }

    @Test
    void dnf5IsDetectedFromTheVersionAndReadInItsOwnLayout() throws IOException {
        var runner = dnf5Host();

        var entries = new DnfPackageManager(runner).collect();

        assertThat(runner.ran()).contains(DNF5_CHECK, DNF5_SECURITY).doesNotContain(DNF4_CHECK, DNF4_SECURITY);
        assertThat(entries).filteredOn(PackageEntry::isSecurityUpdate).extracting(PackageEntry::name)
                .containsExactlyInAnyOrder("curl", "firefox", "kernel", "kernel-core", "libcurl", "openssl-libs",
                        "python3-urllib3");
        assertThat(entry(entries, "vim-minimal")).satisfies(vim -> {
            assertThat(vim.availableVersion()).isEqualTo("2:9.1.1000-1.fc41");
            assertThat(vim.isSecurityUpdate()).isFalse();
        });
        assertThat(entry(entries, "kernel").currentVersion()).isEqualTo("6.12.7-200.fc41");
    }

    @Test
    void aHostWithOnlyTheDnf5ExecutableIsAskedThroughIt() throws IOException {
        var runner = new RecordedCommands()
                .answer(RPM_QA, "/fixtures/dnf5/rpm-qa.txt", 0)
                .answer("dnf5 --cacheonly check-upgrade", "/fixtures/dnf5/check-upgrade.txt", 100)
                .answer("dnf5 --cacheonly advisory list --updates --security",
                        "/fixtures/dnf5/advisory-list-security.txt", 0);

        var entries = new DnfPackageManager(runner).collect();

        assertThat(runner.ran()).doesNotContain("dnf --version");
        assertThat(entries).filteredOn(PackageEntry::isSecurityUpdate).hasSize(7);
    }

    @Test
    void noUpdatesMeansNoAdvisoryQuery() throws IOException {
        var runner = new RecordedCommands()
                .answer("dnf --version", "/fixtures/dnf4/dnf-version.txt", 0)
                .answer(RPM_QA, "/fixtures/dnf4/rpm-qa.txt", 0)
                .answerText(DNF4_CHECK, "Last metadata expiration check: 0:10:01 ago on Tue Aug 20 08:14:02 2024.\n", "", 0);

        var entries = new DnfPackageManager(runner).collect();

        assertThat(entries).noneMatch(PackageEntry::needsUpdate).hasSize(14);
        assertThat(runner.ran()).doesNotContain(DNF4_SECURITY);
    }

    @Test
    void aFailingCheckUpdateFailsTheCollection() {
        var runner = dnf4Host().answerText(DNF4_CHECK, "",
                "Error: Cache-only enabled but no cache for 'rhel-9-for-x86_64-baseos-rpms'\n", 1);

        assertThatThrownBy(() -> new DnfPackageManager(runner).collect()).isInstanceOf(IOException.class)
                .hasMessageContaining("no cache for");
    }

    @Test
    void aFailingAdvisoryQueryFailsTheCollectionRatherThanReportingNoSecurityUpdates() {
        var runner = dnf5Host().answerText(DNF5_SECURITY, "", "Failed to load updateinfo\n", 1);

        assertThatThrownBy(() -> new DnfPackageManager(runner).collect()).isInstanceOf(IOException.class);
    }

    @Test
    void refreshingTheCacheForcesAMakecache() throws IOException {
        var runner = new RecordedCommands()
                .answer("dnf --version", "/fixtures/dnf5/dnf-version.txt", 0)
                .answerText("dnf --refresh makecache", "Metadata cache created.\n", "", 0);

        new DnfPackageManager(runner).refreshCache();

        assertThat(runner.ran()).containsExactly("dnf --version", "dnf --refresh makecache");
    }

    @Test
    void aFailedRefreshIsReported() {
        var runner = new RecordedCommands()
                .answer("dnf --version", "/fixtures/dnf4/dnf-version.txt", 0)
                .answerText("dnf --refresh makecache", "", "Curl error (6): Couldn't resolve host name\n", 1);

        assertThatThrownBy(() -> new DnfPackageManager(runner).refreshCache()).isInstanceOf(IOException.class);
    }

    @Test
    void isPresentWithEitherExecutable() {
        assertThat(new DnfPackageManager(new RecordedCommands().program("dnf")).isPresent()).isTrue();
        assertThat(new DnfPackageManager(new RecordedCommands().program("dnf5")).isPresent()).isTrue();
        assertThat(new DnfPackageManager(new RecordedCommands().program("yum", "rpm")).isPresent()).isFalse();
    }
}
