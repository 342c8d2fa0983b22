package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YumUpdateinfoParserTest {

    @Test
    void mapsDnf4AdvisoryPackagesToNameAndFixedVersion() throws IOException {
        var fixes = YumUpdateinfoParser.parse(RecordedCommands.resource("/fixtures/dnf4/updateinfo-list-security.txt"));

        assertThat(fixes).containsExactly(
                new RpmSecurityFix("curl", "7.76.1-29.el9_4.1"),
                new RpmSecurityFix("kernel", "5.14.0-427.13.1.el9_4"),
                new RpmSecurityFix("kernel", "5.14.0-427.28.1.el9_4"),
                new RpmSecurityFix("kernel-core", "5.14.0-427.13.1.el9_4"),
                new RpmSecurityFix("kernel-core", "5.14.0-427.28.1.el9_4"),
                new RpmSecurityFix("libcurl", "7.76.1-29.el9_4.1"),
                new RpmSecurityFix("vim-minimal", "2:8.2.2637-21.el9"));
    }

    @Test
    void readsYumAdvisoriesWithEpochsAndIgnoresTheMessages() throws IOException {
        var fixes = YumUpdateinfoParser.parse(RecordedCommands.resource("/fixtures/yum/updateinfo-list-security.txt"));

        assertThat(fixes).hasSize(5).contains(new RpmSecurityFix("bind-libs-lite", "32:9.11.4-26.P2.el7_9.16"),
                new RpmSecurityFix("openssh-server", "7.4p1-23.el7_9"));
    }

    @Test
    void ignoresAdvisoriesThatAreNotSecurityOnes() throws IOException {
        assertThat(YumUpdateinfoParser.parse("RHBA-2024:5240 bugfix tzdata-2024b-2.el9.noarch\n")).isEmpty();
    }

    @Test
    void rejectsASecurityLineWhosePackageIsUnreadable() {
        assertThatThrownBy(() -> YumUpdateinfoParser.parse("RHSA-2024:1 Important/Sec. openssl\n"))
                .isInstanceOf(IOException.class);
    }
}
