package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AptRepositoriesTest {

    @TempDir
    Path root;

    private List<RepositoryEntry> collect(Path tree) throws IOException {
        return new AptRepositories(new HostFiles(tree)).collect();
    }

    private static RepositoryEntry deb(String name, String url, String suite, String components) {
        return new RepositoryEntry(name, url, suite, components, "deb", true, url.startsWith("https://"));
    }

    private static RepositoryEntry debSrc(String name, String url, String suite, String components) {
        return new RepositoryEntry(name, url, suite, components, "deb-src", true, url.startsWith("https://"));
    }

    @Test
    void readsThisMachinesDeb822SourcesAndIgnoresTheFilesAptIgnores() throws IOException {
        // debian12 holds this machine's debian.sources, plus a .list.disabled and a .sources.save apt does not read.
        assertThat(collect(Fixtures.tree("debian12"))).containsExactly(
                deb("deb-debian-bookworm", "http://deb.debian.org/debian", "bookworm", "main"),
                deb("deb-debian-bookworm-updates", "http://deb.debian.org/debian", "bookworm-updates", "main"),
                deb("deb-debian-bookworm-security", "http://deb.debian.org/debian-security", "bookworm-security", "main"));
    }

    @Test
    void readsTheInstallersOneLineSourcesListThenSourcesListD() throws IOException {
        // The commented-out cdrom line is a comment to apt and is not reported; deb-src lines are entries of their own.
        assertThat(collect(Fixtures.tree("debian12-netinst"))).containsExactly(
                deb("deb-debian-bookworm", "http://deb.debian.org/debian/", "bookworm", "main non-free-firmware"),
                debSrc("deb-debian-bookworm", "http://deb.debian.org/debian/", "bookworm", "main non-free-firmware"),
                deb("security-debian-bookworm-security", "http://security.debian.org/debian-security", "bookworm-security",
                        "main non-free-firmware"),
                debSrc("security-debian-bookworm-security", "http://security.debian.org/debian-security", "bookworm-security",
                        "main non-free-firmware"),
                deb("deb-debian-bookworm-updates", "http://deb.debian.org/debian/", "bookworm-updates", "main non-free-firmware"),
                debSrc("deb-debian-bookworm-updates", "http://deb.debian.org/debian/", "bookworm-updates", "main non-free-firmware"),
                deb("download-docker-bookworm-stable", "https://download.docker.com/linux/debian", "bookworm", "stable"));
    }

    @Test
    void readsUbuntuDeb822WithSeveralSuitesAnEmbeddedKeyAndADisabledPpa() throws IOException {
        List<RepositoryEntry> entries = collect(Fixtures.tree("ubuntu2404"));

        // Files in name order: deadsnakes (Enabled: no, skipped), docker, google-chrome, ondrej, ubuntu.
        assertThat(entries).containsExactly(
                deb("download-docker-noble-stable", "https://download.docker.com/linux/ubuntu", "noble", "stable"),
                deb("dl-google-stable", "https://dl.google.com/linux/chrome/deb/", "stable", "main"),
                deb("ppa-launchpadcontent-noble", "https://ppa.launchpadcontent.net/ondrej/php/ubuntu/", "noble", "main"),
                deb("archive-ubuntu-noble", "http://archive.ubuntu.com/ubuntu/", "noble", "main universe restricted multiverse"),
                deb("archive-ubuntu-noble-updates", "http://archive.ubuntu.com/ubuntu/", "noble-updates",
                        "main universe restricted multiverse"),
                deb("archive-ubuntu-noble-backports", "http://archive.ubuntu.com/ubuntu/", "noble-backports",
                        "main universe restricted multiverse"),
                deb("security-ubuntu-noble-security", "http://security.ubuntu.com/ubuntu/", "noble-security",
                        "main universe restricted multiverse"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"debian12", "debian12-netinst", "ubuntu2404"})
    void agreesWithAptsOwnReadingOfEachFixture(String fixture) throws IOException {
        AptIndexTargets apt = new AptIndexTargets();
        assumeTrue(apt.available(), "apt-get is not installed");

        assertThat(AptIndexTargets.of(collect(Fixtures.tree(fixture)))).isEqualTo(apt.ofTree(Fixtures.tree(fixture)));
    }

    @Test
    void aMissingAptDirectoryHasNoRepositories() throws IOException {
        assertThat(collect(root)).isEmpty();
    }

    @Test
    void theSameSourceInTwoFilesIsReportedOnce() throws IOException {
        Fixtures.write(root, "/etc/apt/sources.list", "deb http://deb.debian.org/debian bookworm main\n");
        Fixtures.write(root, "/etc/apt/sources.list.d/mirror.list", """
                deb http://deb.debian.org/debian/ bookworm main
                deb http://deb.debian.org/debian bookworm main contrib
                """);
        Fixtures.write(root, "/etc/apt/sources.list.d/debian.sources", """
                Types: deb
                URIs: http://deb.debian.org/debian
                Suites: bookworm
                Components: main
                """);

        assertThat(collect(root)).containsExactly(
                deb("deb-debian-bookworm", "http://deb.debian.org/debian", "bookworm", "main"),
                deb("deb-debian-bookworm", "http://deb.debian.org/debian", "bookworm", "main contrib"));
    }

    @Test
    void malformedLinesAreSkippedAndTheRestOfTheFileIsRead() throws IOException {
        Fixtures.write(root, "/etc/apt/sources.list", """
                deb http://deb.debian.org/debian
                deb http://deb.debian.org/debian bookworm
                deb bookworm main
                rpm http://example.org/repo bookworm main
                deb [arch=amd64 http://example.org/debian bookworm main
                deb http://example.org/flat ./ main
                deb https://example.org/debian bookworm main # a trailing comment
                """);

        assertThat(collect(root)).containsExactly(deb("example-bookworm", "https://example.org/debian", "bookworm", "main"));
    }

    @Test
    void optionsQuotesCdromLabelsAndExactPathsAreReadAsAptReadsThem() throws IOException {
        Fixtures.write(root, "/etc/apt/sources.list", """
                deb [ arch=amd64,arm64 signed-by=/usr/share/keyrings/x.gpg ] https://example.org/debian bookworm main
                deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 DVD Binary-1]/ bookworm contrib main
                deb "https://example.org/quoted" bookworm main
                deb https://download.opensuse.org/repositories/home:/me/Debian_12/ ./
                deb file:/srv/local-repo bookworm main
                """);

        assertThat(collect(root)).containsExactly(
                deb("example-bookworm", "https://example.org/debian", "bookworm", "main"),
                deb("cdrom-bookworm", "cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 DVD Binary-1]/", "bookworm",
                        "contrib main"),
                deb("example-bookworm", "https://example.org/quoted", "bookworm", "main"),
                deb("download-opensuse", "https://download.opensuse.org/repositories/home:/me/Debian_12/", "./", ""),
                deb("file-bookworm", "file:/srv/local-repo", "bookworm", "main"));
    }

    @Test
    void eachTypeUriAndSuiteOfAStanzaIsOneEntry() throws IOException {
        Fixtures.write(root, "/etc/apt/sources.list.d/mirrors.sources", """
                Types: deb deb-src
                URIs: https://mirror-a.example.org/debian http://mirror-b.example.org/debian
                Suites: bookworm bookworm-updates
                Components: main
                 contrib
                """);

        List<RepositoryEntry> entries = collect(root);

        assertThat(entries).hasSize(8);
        assertThat(entries).extracting(e -> e.repoType() + " " + e.url() + " " + e.distribution() + " " + e.components())
                .containsExactly(
                        "deb https://mirror-a.example.org/debian bookworm main contrib",
                        "deb https://mirror-a.example.org/debian bookworm-updates main contrib",
                        "deb http://mirror-b.example.org/debian bookworm main contrib",
                        "deb http://mirror-b.example.org/debian bookworm-updates main contrib",
                        "deb-src https://mirror-a.example.org/debian bookworm main contrib",
                        "deb-src https://mirror-a.example.org/debian bookworm-updates main contrib",
                        "deb-src http://mirror-b.example.org/debian bookworm main contrib",
                        "deb-src http://mirror-b.example.org/debian bookworm-updates main contrib");
        assertThat(entries).extracting(RepositoryEntry::isSecure).containsExactly(true, true, false, false, true, true, false, false);
    }

    @Test
    void disabledAndMalformedStanzasAreSkippedButTheirNeighboursAreRead() throws IOException {
        Fixtures.write(root, "/etc/apt/sources.list.d/mixed.sources", """
                Types: deb
                URIs: https://off.example.org/debian
                Suites: bookworm
                Components: main
                enabled: No

                Types: deb
                this line is no field
                URIs: https://broken.example.org/debian
                Suites: bookworm
                Components: main

                Types: deb
                URIs: https://incomplete.example.org/debian
                Components: main

                Types: deb
                URIs: https://nocomponents.example.org/debian
                Suites: bookworm

                # Types: deb
                # URIs: https://commented.example.org/debian
                Types: deb
                URIs: https://on.example.org/debian
                Suites: bookworm
                Components: main
                Enabled: yes
                X-Repolib-Name: On Example Repo
                """);

        assertThat(collect(root)).containsExactly(deb("on-example-repo", "https://on.example.org/debian", "bookworm", "main"));
    }

    @Test
    void credentialsInAUriAreNotReportedAndWrappedTransportsAreNotSecure() throws IOException {
        Fixtures.write(root, "/etc/apt/sources.list", """
                deb https://user:s3cret@private.example.org/debian bookworm main
                deb mirror+https://example.org/mirrors.txt bookworm main
                deb tor+https://example.org/debian bookworm main
                """);

        List<RepositoryEntry> entries = collect(root);

        assertThat(entries).extracting(RepositoryEntry::url).containsExactly(
                "https://private.example.org/debian", "mirror+https://example.org/mirrors.txt", "tor+https://example.org/debian");
        assertThat(entries).extracting(RepositoryEntry::isSecure).containsExactly(true, false, false);
    }

    @Test
    void filesAptIgnoresByNameAreNotRead() throws IOException {
        Fixtures.write(root, "/etc/apt/sources.list.d/my repo.list", "deb https://spaces.example.org/debian bookworm main\n");
        Fixtures.write(root, "/etc/apt/sources.list.d/old.list.save", "deb https://save.example.org/debian bookworm main\n");
        Fixtures.write(root, "/etc/apt/sources.list.d/good_name-1.0.list", "deb https://good.example.org/debian bookworm main\n");
        Files.createDirectories(root.resolve("etc/apt/sources.list.d/adir.list"));

        assertThat(collect(root)).extracting(RepositoryEntry::url).containsExactly("https://good.example.org/debian");
    }

    @Test
    void bytesThatAreNotUtf8DoNotCostTheFile() throws IOException {
        Path list = root.resolve("etc/apt/sources.list");
        Files.createDirectories(list.getParent());
        byte[] latin1Comment = "# D\u00e9p\u00f4t local\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] line = "deb https://example.org/debian bookworm main\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(list, latin1Comment);
        Files.write(list, line, java.nio.file.StandardOpenOption.APPEND);

        assertThat(collect(root)).extracting(RepositoryEntry::url).containsExactly("https://example.org/debian");
    }
}
