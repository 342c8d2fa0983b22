package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RpmInstalledPackagesTest {

    private static final String RPM_QA = "rpm -qa --queryformat " + RpmInstalledPackages.QUERY_FORMAT;

    @Test
    void keepsTheNewestOfSeveralInstalledKernels() throws IOException {
        var packages = RpmInstalledPackages.parse(RecordedCommands.resource("/fixtures/dnf4/rpm-qa.txt"));

        assertThat(packages).filteredOn(p -> p.name().equals("kernel")).singleElement()
                .extracting(RpmPackage::evr).isEqualTo("5.14.0-427.13.1.el9_4");
        assertThat(packages).filteredOn(p -> p.name().equals("kernel-core")).singleElement()
                .extracting(RpmPackage::evr).isEqualTo("5.14.0-427.13.1.el9_4");
    }

    @Test
    void listsEachNameOnceSortedAndLeavesTheSigningKeysOut() throws IOException {
        var packages = RpmInstalledPackages.parse(RecordedCommands.resource("/fixtures/dnf4/rpm-qa.txt"));

        assertThat(packages).extracting(RpmPackage::name).containsExactly("NetworkManager", "bash", "curl",
                "glibc", "grub2-tools", "kernel", "kernel-core", "libcurl", "openssh-server", "openssl",
                "openssl-libs", "subscription-manager-rhsm-certificates", "tzdata", "vim-minimal");
    }

    @Test
    void showsTheEpochOnlyWhenItIsNotZero() throws IOException {
        var packages = RpmInstalledPackages.parse(RecordedCommands.resource("/fixtures/dnf4/rpm-qa.txt"));

        assertThat(packages).filteredOn(p -> p.name().equals("vim-minimal")).singleElement()
                .extracting(RpmPackage::evr).isEqualTo("2:8.2.2637-20.el9_1");
        assertThat(packages).filteredOn(p -> p.name().equals("bash")).singleElement()
                .extracting(RpmPackage::evr).isEqualTo("5.1.8-9.el9");
    }

    @Test
    void keepsRealGroupsAndDropsThePlaceholder() throws IOException {
        var el7 = RpmInstalledPackages.parse(RecordedCommands.resource("/fixtures/yum/rpm-qa.txt"));
        var el9 = RpmInstalledPackages.parse(RecordedCommands.resource("/fixtures/dnf4/rpm-qa.txt"));

        assertThat(el7).filteredOn(p -> p.name().equals("bind-libs")).singleElement()
                .extracting(RpmPackage::group).isEqualTo("Network/Daemons");
        assertThat(el9).extracting(RpmPackage::group).containsOnlyNulls();
    }

    @Test
    void keepsSummariesWithPunctuationWhole() throws IOException {
        var packages = RpmInstalledPackages.parse(RecordedCommands.resource("/fixtures/dnf4/rpm-qa.txt"));

        assertThat(packages).filteredOn(p -> p.name().equals("curl")).singleElement()
                .extracting(RpmPackage::summary)
                .isEqualTo("A utility for getting files from remote servers (FTP, HTTP, and others)");
    }

    @Test
    void readsTheDatabaseWithTheQueryFormat() throws IOException {
        var runner = new RecordedCommands().answer(RPM_QA, "/fixtures/zypper/rpm-qa.txt", 0);

        assertThat(RpmInstalledPackages.read(runner)).extracting(RpmPackage::name).contains("zypper", "libopenssl3");
    }

    @Test
    void failsWhenRpmFails() {
        var runner = new RecordedCommands().answerText(RPM_QA, "", "error: rpmdb open failed\n", 1);

        assertThatThrownBy(() -> RpmInstalledPackages.read(runner)).isInstanceOf(IOException.class)
                .hasMessageContaining("rpmdb open failed");
    }

    @Test
    void rejectsARecordWithMissingFields() {
        String truncated = "bash\u001f0\u001f5.1.8\u001f9.el9\u001fx86_64\u001e\n";

        assertThatThrownBy(() -> RpmInstalledPackages.parse(truncated)).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsAnEmptyDatabaseRatherThanReportingNoPackages() {
        assertThatThrownBy(() -> RpmInstalledPackages.parse("")).isInstanceOf(IOException.class);
    }
}
