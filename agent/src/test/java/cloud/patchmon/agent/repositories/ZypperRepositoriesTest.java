package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ZypperRepositoriesTest {

    @TempDir
    Path root;

    private static RepositoryEntry rpm(String name, String url, String distribution) {
        return new RepositoryEntry(name, url, distribution, "", "rpm", true, url.startsWith("https://"));
    }

    private List<RepositoryEntry> collect(Path tree) throws IOException {
        return new ZypperRepositories(new HostFiles(tree), "x86_64").collect();
    }

    @Test
    void leapReportsItsEnabledRepositoriesForItsRelease() throws IOException {
        // In file name order (repo-update-non-oss.repo sorts before repo-update.repo). The debug and source
        // repositories are disabled; the codec repository names no release.
        assertThat(collect(Fixtures.tree("leap156"))).containsExactly(
                rpm("repo-backports-update", "http://download.opensuse.org/update/leap/15.6/backports/", "15.6"),
                rpm("repo-non-oss", "http://download.opensuse.org/distribution/leap/15.6/repo/non-oss/", "15.6"),
                rpm("repo-openh264", "http://codecs.opensuse.org/openh264/openSUSE_Leap/", ""),
                rpm("repo-oss", "http://download.opensuse.org/distribution/leap/15.6/repo/oss/", "15.6"),
                rpm("repo-sle-update", "http://download.opensuse.org/update/leap/15.6/sle/", "15.6"),
                rpm("repo-update-non-oss", "http://download.opensuse.org/update/leap/15.6/non-oss/", "15.6"),
                rpm("repo-update", "http://download.opensuse.org/update/leap/15.6/oss/", "15.6"));
    }

    @Test
    void aMissingReposDirectoryHasNoRepositories() throws IOException {
        assertThat(collect(root)).isEmpty();
    }

    @Test
    void aTumbleweedSnapshotIsNoDistributionOfAnUnversionedUrl() throws IOException {
        Fixtures.write(root, "/etc/os-release", "NAME=\"openSUSE Tumbleweed\"\nID=\"opensuse-tumbleweed\"\nVERSION_ID=\"20240601\"\n");
        Fixtures.write(root, "/etc/zypp/repos.d/repo-oss.repo", """
                [repo-oss]
                name=openSUSE-Tumbleweed-Oss
                enabled=1
                autorefresh=1
                baseurl=http://cdn.opensuse.org/tumbleweed/repo/oss/
                path=/
                type=rpm-md
                keeppackages=0
                """);

        assertThat(collect(root)).containsExactly(rpm("repo-oss", "http://cdn.opensuse.org/tumbleweed/repo/oss/", ""));
    }

    @Test
    void queriesAndCredentialsAreNotReportedAndDeclaredTypesAreKept() throws IOException {
        Fixtures.write(root, "/etc/os-release", "VERSION_ID=\"15.5\"\n");
        Fixtures.write(root, "/etc/zypp/vars.d/mirror", "mirror.example.org\n");
        Fixtures.write(root, "/etc/zypp/repos.d/services.repo", """
                [SLES15-SP5-Updates]
                name=SLES15-SP5-Updates
                enabled=1
                baseurl=https://updates.suse.com/SUSE/Updates/SLE-Product-SLES/15-SP5/x86_64/update?exp=1700000000~acl=*~hmac=0123abcd
                service=SUSE_Linux_Enterprise_Server_15_SP5_x86_64
                [private]
                enabled=1
                baseurl=https://user:secret@${mirror}/leap/$releasever/$arch/?ssl_verify=no
                type=yast2
                [dvd]
                enabled=1
                baseurl=cd:/?devices=/dev/sr0
                type=plaindir
                [off]
                enabled=0
                baseurl=https://off.example.org/
                """);

        assertThat(collect(root)).containsExactly(
                rpm("SLES15-SP5-Updates", "https://updates.suse.com/SUSE/Updates/SLE-Product-SLES/15-SP5/x86_64/update", ""),
                new RepositoryEntry("private", "https://mirror.example.org/leap/15.5/x86_64/", "15.5", "", "yast2", true, true),
                new RepositoryEntry("dvd", "cd:/", "", "", "plaindir", true, false));
    }
}
