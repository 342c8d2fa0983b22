package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZypperPatchInfoParserTest {

    @Test
    void mapsEachSecurityPatchToTheBinaryPackagesItFixes() {
        var fixes = ZypperPatchInfoParser.parse(RecordedCommands.resource("/fixtures/zypper/info-patch-security.txt"));

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
    void takesNothingFromTheDescriptionOrFromPatchesThatAreNotSecurityOnes() {
        String stdout = "Loading repository data...\nReading installed packages...\n\n\n"
                + "Information for patch openSUSE-SLE-15.6-2024-4112:\n"
                + "--------------------------------------------------\n"
                + "Name        : openSUSE-SLE-15.6-2024-4112\n"
                + "Category    : recommended\n"
                + "Summary     : Recommended update for timezone\n"
                + "Description :\n"
                + "    vim.x86_64 < 9.1.0836-150500.20.15.1\n"
                + "Provides    : patch:openSUSE-SLE-15.6-2024-4112 = 1\n"
                + "Conflicts   : [1]\n"
                + "    timezone.x86_64 < 2024b-150000.75.31.1\n";

        assertThat(ZypperPatchInfoParser.parse(stdout)).isEmpty();
    }

    @Test
    void readsTheConflictsOfOlderZypperToo() {
        String stdout = "\nInformation for patch openSUSE-2019-1234:\n-----------------------------------------\n"
                + "Name: openSUSE-2019-1234\nVersion: 1\nArch: noarch\nStatus: needed\nCategory: security\n"
                + "Summary: Security update for sudo\nDescription: \n  This update for sudo fixes CVE-2019-14287.\n"
                + "Provides:\n  patch:openSUSE-2019-1234 = 1\nConflicts:\n"
                + "  sudo.src < 1.8.22-lp150.2.9.1\n  sudo.x86_64 < 1.8.22-lp150.2.9.1\n";

        assertThat(ZypperPatchInfoParser.parse(stdout)).containsExactly(
                new RpmSecurityFix("sudo", "1.8.22-lp150.2.9.1"));
    }
}
