package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Dnf5AdvisoryListParserTest {

    @Test
    void mapsEachAdvisoryPackageToNameAndFixedVersion() throws IOException {
        var fixes = Dnf5AdvisoryListParser.parse(RecordedCommands.resource("/fixtures/dnf5/advisory-list-security.txt"));

        assertThat(fixes).containsExactly(
                new RpmSecurityFix("curl", "8.9.1-3.fc41"),
                new RpmSecurityFix("libcurl", "8.9.1-3.fc41"),
                new RpmSecurityFix("firefox", "134.0-1.fc41"),
                new RpmSecurityFix("kernel", "6.12.9-200.fc41"),
                new RpmSecurityFix("kernel-core", "6.12.9-200.fc41"),
                new RpmSecurityFix("openssl-libs", "1:3.2.4-1.fc41"),
                new RpmSecurityFix("python3-urllib3", "1.26.20-2.fc41"));
    }

    @Test
    void readsARowWhoseSeverityIsEmpty() throws IOException {
        var fixes = Dnf5AdvisoryListParser.parse(RecordedCommands.resource("/fixtures/dnf5/advisory-list-empty-severity.txt"));

        assertThat(fixes).containsExactly(new RpmSecurityFix("change-arch-noarch", "2-2"));
    }

    @Test
    void leavesOtherAdvisoryTypesOut() throws IOException {
        String stdout = "Name                   Type   Severity                   Package              Issued\n"
                + "FEDORA-2018-318f184000 bugfix none     glibc-2.28-26.fc29.x86_64 2019-01-17 00:00:00\n";

        assertThat(Dnf5AdvisoryListParser.parse(stdout)).isEmpty();
    }

    @Test
    void readsNothingFromAnEmptyList() throws IOException {
        assertThat(Dnf5AdvisoryListParser.parse("")).isEmpty();
    }

    @Test
    void rejectsRowsInDnf4Layout() {
        // the mistake upstream makes the other way round: DNF4 columns are not DNF5 columns
        String stdout = "RHSA-2024:5654 Moderate/Sec. curl-7.76.1-29.el9_4.1.x86_64\n";

        assertThatThrownBy(() -> Dnf5AdvisoryListParser.parse(stdout)).isInstanceOf(IOException.class);
    }
}
