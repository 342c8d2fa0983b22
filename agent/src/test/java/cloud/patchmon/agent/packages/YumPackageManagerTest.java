package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YumPackageManagerTest {

    private static final String RPM_QA = "rpm -qa --queryformat " + RpmInstalledPackages.QUERY_FORMAT;
    private static final String CHECK = "yum --cacheonly check-update";
    private static final String SECURITY = "yum --cacheonly updateinfo list security";

    private static RecordedCommands el7Host() {
        return new RecordedCommands()
                .answer(RPM_QA, "/fixtures/yum/rpm-qa.txt", 0)
                .answer(CHECK, "/fixtures/yum/check-update.txt", 100)
                .answer(SECURITY, "/fixtures/yum/updateinfo-list-security.txt", 0);
    }

    @Test
    void reportsUpdatesWithEpochsGroupsAndSecurity() throws IOException {
        var entries = new YumPackageManager(el7Host()).collect();

        assertThat(entries).extracting(PackageEntry::name).doesNotHaveDuplicates().hasSize(10);
        assertThat(entries).filteredOn(e -> e.name().equals("bind-libs")).singleElement().isEqualTo(
                PackageEntry.of("bind-libs", "Libraries used by the BIND DNS packages", "Network/Daemons",
                        "32:9.11.4-26.P2.el7_9.15", "32:9.11.4-26.P2.el7_9.16", true, true, "rhel-7-server-rpms"));
        assertThat(entries).filteredOn(PackageEntry::isSecurityUpdate).extracting(PackageEntry::name)
                .containsExactlyInAnyOrder("bind-libs", "bind-libs-lite", "kernel", "kernel-tools");
        assertThat(entries).filteredOn(PackageEntry::needsUpdate).extracting(PackageEntry::name)
                .containsExactlyInAnyOrder("bind-libs", "bind-libs-lite", "grub2-tools", "kernel", "kernel-tools",
                        "python-firewall", "selinux-policy-targeted", "subscription-manager-rhsm-certificates");
    }

    @Test
    void anAdvisoryForTheInstalledVersionIsNoSecurityUpdate() throws IOException {
        // RHSA-2023:7512 names openssh-server-7.4p1-23.el7_9, which is what the host already has
        var entries = new YumPackageManager(el7Host()).collect();

        assertThat(entries).filteredOn(e -> e.name().equals("openssh-server")).singleElement()
                .satisfies(e -> assertThat(e.needsUpdate()).isFalse());
    }

    @Test
    void aFailingCheckUpdateFailsTheCollection() {
        var runner = el7Host().answerText(CHECK, "", "Error: Cannot retrieve repository metadata (repomd.xml)\n", 1);

        assertThatThrownBy(() -> new YumPackageManager(runner).collect()).isInstanceOf(IOException.class);
    }

    @Test
    void refreshingTheCacheExpiresItThenFetchesIt() throws IOException {
        var runner = new RecordedCommands()
                .answerText("yum clean expire-cache", "Loaded plugins: fastestmirror\nCleaning repos: base\n", "", 0)
                .answerText("yum makecache fast", "Loaded plugins: fastestmirror\nMetadata Cache Created\n", "", 0);

        new YumPackageManager(runner).refreshCache();

        assertThat(runner.ran()).containsExactly("yum clean expire-cache", "yum makecache fast");
    }

    @Test
    void yumThatIsReallyDnfIsNotYum() {
        assertThat(new YumPackageManager(new RecordedCommands().program("yum")).isPresent()).isTrue();
        assertThat(new YumPackageManager(new RecordedCommands().program("yum", "dnf")).isPresent()).isFalse();
    }
}
