package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class YumRepositoriesTest {

    @TempDir
    Path root;

    private static RepositoryEntry rpm(String name, String url, String distribution) {
        return new RepositoryEntry(name, url, distribution, "", "rpm", true, url.startsWith("https://"));
    }

    private List<RepositoryEntry> collect(Path tree, String machine) throws IOException {
        return new YumRepositories(new HostFiles(tree), "dnf", machine).collect();
    }

    @Test
    void rockyReportsItsEnabledRepositoriesWithTheMirrorlistTheHostFetches() throws IOException {
        // Files in name order: epel, rocky-addons (all disabled), rocky-devel (disabled), rocky-extras, rocky.
        // rltype is an empty file; EPEL's $infra is defined nowhere on Rocky and stays as written, as dnf leaves it.
        assertThat(collect(Fixtures.tree("rocky9"), "x86_64")).containsExactly(
                rpm("epel", "https://mirrors.fedoraproject.org/metalink?repo=epel-9&arch=x86_64&infra=$infra&content=pub/rocky", "el9"),
                rpm("extras", "https://mirrors.rockylinux.org/mirrorlist?arch=x86_64&repo=extras-9", "el9"),
                rpm("baseos", "https://mirrors.rockylinux.org/mirrorlist?arch=x86_64&repo=BaseOS-9", "el9"),
                rpm("appstream", "https://mirrors.rockylinux.org/mirrorlist?arch=x86_64&repo=AppStream-9", "el9"));
    }

    @Test
    void fedoraReportsMetalinksAndABaseurlForItsArchitecture() throws IOException {
        assertThat(collect(Fixtures.tree("fedora40"), "aarch64")).containsExactly(
                rpm("docker-ce-stable", "https://download.docker.com/linux/fedora/40/aarch64/stable", "f40"),
                rpm("fedora-cisco-openh264", "https://mirrors.fedoraproject.org/metalink?repo=fedora-cisco-openh264-40&arch=aarch64", "f40"),
                rpm("updates", "https://mirrors.fedoraproject.org/metalink?repo=updates-released-f40&arch=aarch64", "f40"),
                rpm("fedora", "https://mirrors.fedoraproject.org/metalink?repo=fedora-40&arch=aarch64", "f40"));
    }

    @Test
    void missingRepoDirectoriesHaveNoRepositories() throws IOException {
        assertThat(collect(root, "x86_64")).isEmpty();
    }

    @Test
    void theFirstBaseurlWinsOverAMetalinkWhichWinsOverAMirrorlist() throws IOException {
        Fixtures.write(root, "/etc/yum.repos.d/local.repo", """
                [several]
                baseurl=https://a.example.org/el/$releasever/ , https://b.example.org/el/
                metalink=https://m.example.org/metalink
                [continued]
                baseurl=
                    http://c.example.org/el/
                    https://d.example.org/el/
                [meta]
                metalink=https://m.example.org/metalink?repo=meta
                mirrorlist=https://m.example.org/mirrorlist?repo=meta
                [mirrors]
                mirrorlist = http://m.example.org/mirrorlist?repo=mirrors
                [nothing]
                name=A repository without a location
                gpgcheck=1
                """);
        Fixtures.write(root, "/etc/os-release", "VERSION_ID=\"8.10\"\nPLATFORM_ID=\"platform:el8\"\n");

        assertThat(collect(root, "x86_64")).containsExactly(
                rpm("several", "https://a.example.org/el/8/", "el8"),
                rpm("continued", "http://c.example.org/el/", "el8"),
                rpm("meta", "https://m.example.org/metalink?repo=meta", "el8"),
                rpm("mirrors", "http://m.example.org/mirrorlist?repo=mirrors", "el8"));
    }

    @Test
    void disabledSectionsAreLeftOutAndAMissingEnabledMeansEnabled() throws IOException {
        StringBuilder repo = new StringBuilder();
        for (String value : List.of("0", "no", "False", "off", "1", "yes", "True", "on")) {
            repo.append("[r-").append(value).append("]\nbaseurl=https://example.org/").append(value).append("\nenabled=")
                    .append(value).append("\n");
        }
        repo.append("[implicit]\nbaseurl=https://example.org/implicit\n");
        Fixtures.write(root, "/etc/yum.repos.d/flags.repo", repo.toString());

        assertThat(collect(root, "x86_64")).extracting(RepositoryEntry::name)
                .containsExactly("r-1", "r-yes", "r-True", "r-on", "implicit");
    }

    @Test
    void aRepoIdDefinedTwiceKeepsItsFirstDefinition() throws IOException {
        Fixtures.write(root, "/etc/yum.repos.d/a.repo", "[epel]\nbaseurl=https://first.example.org/epel\n");
        Fixtures.write(root, "/etc/yum.repos.d/b.repo", "[epel]\nbaseurl=https://second.example.org/epel\n");
        Fixtures.write(root, "/etc/yum/repos.d/c.repo", "[epel]\nbaseurl=https://third.example.org/epel\n[extra]\nbaseurl=https://x.example.org/\n");

        assertThat(collect(root, "x86_64")).extracting(RepositoryEntry::name, RepositoryEntry::url).containsExactly(
                tuple("epel", "https://first.example.org/epel"),
                tuple("extra", "https://x.example.org/"));
    }

    @Test
    void malformedLinesAreSkippedAndTheRestOfTheFileIsRead() throws IOException {
        Fixtures.write(root, "/etc/yum.repos.d/odd.repo", """
                baseurl=https://before-any-section.example.org/
                [good]
                this line has no equals sign
                baseurl=https://good.example.org/
                ; a comment in the other style
                [broken
                baseurl=https://broken.example.org/
                """);

        // "[broken" is no header, so its baseurl line belongs to [good] and, being later, wins.
        assertThat(collect(root, "x86_64")).extracting(RepositoryEntry::url).containsExactly("https://broken.example.org/");
    }

    @Test
    void variableFilesOverrideTheDerivedReleaseAndDnfVarsWinOverYumVars() throws IOException {
        Fixtures.write(root, "/etc/os-release", "VERSION_ID=\"9.4\"\nPLATFORM_ID=\"platform:el9\"\n");
        Fixtures.write(root, "/etc/dnf/vars/releasever", "9.2\nignored second line\n");
        Fixtures.write(root, "/etc/yum/vars/region", "eu-central-1\n");
        Fixtures.write(root, "/etc/dnf/vars/region", "us-west-2\n");
        Fixtures.write(root, "/etc/yum/vars/legacy", "yes\n");
        Fixtures.write(root, "/etc/yum.repos.d/pinned.repo",
                "[pinned]\nbaseurl=https://cdn.example.org/${releasever}/$region/$legacy/$basearch/$undefined/\n");

        assertThat(collect(root, "i686")).extracting(RepositoryEntry::url)
                .containsExactly("https://cdn.example.org/9.2/us-west-2/yes/i386/$undefined/");
    }

    @Test
    void yumOnAHostWithoutPlatformIdUsesTheReleaseAsDistribution() throws IOException {
        Fixtures.write(root, "/etc/os-release", "NAME=\"CentOS Linux\"\nVERSION_ID=\"7\"\n");
        Fixtures.write(root, "/etc/yum.repos.d/CentOS-Base.repo", """
                [base]
                name=CentOS-$releasever - Base
                baseurl=http://vault.centos.org/7.9.2009/os/$basearch/
                gpgcheck=1
                """);

        YumRepositories yum = new YumRepositories(new HostFiles(root), "yum", "x86_64");

        assertThat(yum.packageManager()).isEqualTo("yum");
        assertThat(yum.collect()).containsExactly(rpm("base", "http://vault.centos.org/7.9.2009/os/x86_64/", "7"));
    }

    @Test
    void withoutOsReleaseTheReleaseStaysAsWritten() throws IOException {
        Fixtures.write(root, "/etc/yum.repos.d/r.repo", "[r]\nbaseurl=https://user:token@example.org/$releasever/\n");

        assertThat(collect(root, "x86_64")).containsExactly(rpm("r", "https://example.org/$releasever/", ""));
    }
}
