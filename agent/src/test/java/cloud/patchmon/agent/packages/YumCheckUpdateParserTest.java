package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YumCheckUpdateParserTest {

    @Test
    void readsDnf4RowsAfterTheMessagesAndStopsAtTheObsoletingBlock() throws IOException {
        var updates = YumCheckUpdateParser.parse(RecordedCommands.resource("/fixtures/dnf4/check-update.txt"));

        assertThat(updates).hasSize(12);
        assertThat(updates.get(0)).isEqualTo(
                new RpmUpdate("curl", "x86_64", "7.76.1-29.el9_4.1", "rhel-9-for-x86_64-baseos-rpms"));
        assertThat(updates).filteredOn(u -> u.name().equals("grub2-tools")).singleElement()
                .extracting(RpmUpdate::evr).isEqualTo("1:2.06-80.el9_4");
        assertThat(updates).extracting(RpmUpdate::repository).doesNotContain("@rhel-9-for-x86_64-baseos-rpms");
    }

    @Test
    void joinsANameThatWrappedOntoTheNextLineInEightyColumns() throws IOException {
        var wide = YumCheckUpdateParser.parse(RecordedCommands.resource("/fixtures/dnf4/check-update.txt"));
        var narrow = YumCheckUpdateParser.parse(RecordedCommands.resource("/fixtures/dnf4/check-update-80-columns.txt"));

        assertThat(narrow).containsExactlyElementsOf(wide);
        assertThat(narrow).contains(new RpmUpdate("subscription-manager-rhsm-certificates", "noarch",
                "20220623-2.el9_4", "rhel-9-for-x86_64-baseos-rpms"));
    }

    @Test
    void readsYumRowsWithEpochsAndAWrappedName() throws IOException {
        var updates = YumCheckUpdateParser.parse(RecordedCommands.resource("/fixtures/yum/check-update.txt"));

        assertThat(updates).extracting(RpmUpdate::name).containsExactly("bind-libs", "bind-libs-lite",
                "grub2-tools", "kernel", "kernel-tools", "python-firewall", "selinux-policy-targeted",
                "subscription-manager-rhsm-certificates");
        assertThat(updates.get(0).evr()).isEqualTo("32:9.11.4-26.P2.el7_9.16");
        assertThat(updates.get(7)).isEqualTo(new RpmUpdate("subscription-manager-rhsm-certificates", "x86_64",
                "1.24.54-1.el7_9", "rhel-7-server-rpms"));
    }

    @Test
    void joinsAVersionThatWrappedBeforeTheRepository() throws IOException {
        String stdout = "Loaded plugins: fastestmirror\n\n"
                + "kernel.x86_64  3.10.0-1160.119.1.el7.this.release.is.long\n"
                + "                                                 updates\n";

        assertThat(YumCheckUpdateParser.parse(stdout)).containsExactly(new RpmUpdate("kernel", "x86_64",
                "3.10.0-1160.119.1.el7.this.release.is.long", "updates"));
    }

    @Test
    void skipsMessagesSeparatedByBlankLinesBeforeTheList() throws IOException {
        // an unregistered RHEL host: the subscription-manager plugin's messages come with blank lines
        String stdout = "Updating Subscription Management repositories.\nUnable to read consumer identity\n\n"
                + "This system is not registered with an entitlement server. You can use subscription-manager to register.\n\n"
                + "Last metadata expiration check: 0:02:11 ago on Tue Aug 20 08:14:02 2024.\n\n"
                + "tzdata.noarch                 2024b-2.el9                 baseos \n";

        assertThat(YumCheckUpdateParser.parse(stdout)).containsExactly(
                new RpmUpdate("tzdata", "noarch", "2024b-2.el9", "baseos"));
    }

    @Test
    void rejectsARowCutShortByTheEndOfOutput() {
        String stdout = "\nsubscription-manager-rhsm-certificates.noarch\n";

        assertThatThrownBy(() -> YumCheckUpdateParser.parse(stdout)).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsARowWhoseFirstColumnIsNotNameDotArch() {
        String stdout = "\n * base: mirror.example.org\n";

        assertThatThrownBy(() -> YumCheckUpdateParser.parse(stdout)).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsOutputWithoutAPackageList() {
        String stdout = "Loaded plugins: fastestmirror\nLoading mirror speeds from cached hostfile\n";

        assertThatThrownBy(() -> YumCheckUpdateParser.parse(stdout)).isInstanceOf(IOException.class);
    }
}
