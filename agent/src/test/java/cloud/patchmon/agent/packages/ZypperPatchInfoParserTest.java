package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZypperPatchInfoParserTest {

    private static final List<String> PATCHES = List.of("openSUSE-SLE-15.6-2024-3849", "openSUSE-SLE-15.6-2024-3876",
            "openSUSE-SLE-15.6-2024-4100");

    private static String patchInfo(String name, String category, String descriptionLine, String conflict) {
        return "Loading repository data...\nReading installed packages...\n\n\n"
                + "Information for patch " + name + ":\n"
                + "--------------------------------------------------\n"
                + "Name        : " + name + "\n"
                + "Category    : " + category + "\n"
                + "Summary     : Update for timezone\n"
                + "Description :\n"
                + "    " + descriptionLine + "\n"
                + "Provides    : patch:" + name + " = 1\n"
                + "Conflicts   : [1]\n"
                + "    " + conflict + "\n";
    }

    @Test
    void mapsEachSecurityPatchToTheBinaryPackagesItFixes() throws IOException {
        var fixes = ZypperPatchInfoParser.parse(
                RecordedCommands.resource("/fixtures/zypper/info-patch-security.txt"), PATCHES);

        assertThat(fixes).contains(
                new RpmSecurityFix("libopenssl3", "3.1.4-150600.5.21.1"),
                new RpmSecurityFix("openssl-3", "3.1.4-150600.5.21.1"),
                new RpmSecurityFix("openssl-3-doc", "3.1.4-150600.5.21.1"),
                new RpmSecurityFix("curl", "8.6.0-150600.4.9.1"),
                new RpmSecurityFix("libcurl4-32bit", "8.6.0-150600.4.9.1"),
                new RpmSecurityFix("kernel-default", "6.4.0-150600.23.33.1"),
                new RpmSecurityFix("kernel-source", "6.4.0-150600.23.33.1"));
        assertThat(fixes).extracting(RpmSecurityFix::name).doesNotContain("openssl-3.src", "curl.src")
                .allSatisfy(name -> assertThat(name).doesNotEndWith(".x86_64").doesNotEndWith(".noarch"));
    }

    @Test
    void takesNothingFromTheDescription() throws IOException {
        String stdout = patchInfo("openSUSE-SLE-15.6-2024-4200", "security", "vim.x86_64 < 9.1.0836-150500.20.15.1",
                "timezone.x86_64 < 2024b-150000.75.31.1");

        assertThat(ZypperPatchInfoParser.parse(stdout, List.of("openSUSE-SLE-15.6-2024-4200")))
                .containsExactly(new RpmSecurityFix("timezone", "2024b-150000.75.31.1"));
    }

    @Test
    void aRequestedPatchThatIsNotASecurityOneIsAnError() {
        String stdout = patchInfo("openSUSE-SLE-15.6-2024-4112", "recommended", "timezone was updated to 2024b.",
                "timezone.x86_64 < 2024b-150000.75.31.1");

        assertThatThrownBy(() -> ZypperPatchInfoParser.parse(stdout, List.of("openSUSE-SLE-15.6-2024-4112")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aRequestedPatchMissingFromTheOutputIsAnError() {
        String stdout = RecordedCommands.resource("/fixtures/zypper/info-patch-security.txt");

        assertThatThrownBy(() -> ZypperPatchInfoParser.parse(stdout, List.of("openSUSE-SLE-15.6-2024-9999")))
                .isInstanceOf(IOException.class).hasMessageContaining("openSUSE-SLE-15.6-2024-9999");
    }

    @Test
    void readsTheConflictsOfOlderZypperToo() throws IOException {
        String stdout = "\nInformation for patch openSUSE-2019-1234:\n-----------------------------------------\n"
                + "Name: openSUSE-2019-1234\nVersion: 1\nArch: noarch\nStatus: needed\nCategory: security\n"
                + "Summary: Security update for sudo\nDescription: \n  This update for sudo fixes CVE-2019-14287.\n"
                + "Provides:\n  patch:openSUSE-2019-1234 = 1\nConflicts:\n"
                + "  sudo.src < 1.8.22-lp150.2.9.1\n  sudo.x86_64 < 1.8.22-lp150.2.9.1\n";

        assertThat(ZypperPatchInfoParser.parse(stdout, List.of("openSUSE-2019-1234"))).containsExactly(
                new RpmSecurityFix("sudo", "1.8.22-lp150.2.9.1"));
    }
}
