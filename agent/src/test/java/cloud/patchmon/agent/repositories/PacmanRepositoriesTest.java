package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PacmanRepositoriesTest {

    @TempDir
    Path root;

    private static RepositoryEntry pacman(String name, String url) {
        return new RepositoryEntry(name, url, "", "", "pacman", true, url.startsWith("https://"));
    }

    private List<RepositoryEntry> collect(Path tree, String machine) throws IOException {
        return new PacmanRepositories(new HostFiles(tree), machine).collect();
    }

    @Test
    void archReportsItsSectionsWithTheMirrorlistsFirstServer() throws IOException {
        // [options] and the commented-out testing, multilib and custom sections are no repositories.
        assertThat(collect(Fixtures.tree("arch"), "x86_64")).containsExactly(
                pacman("core", "https://geo.mirror.pkgbuild.com/core/os/x86_64"),
                pacman("extra", "https://geo.mirror.pkgbuild.com/extra/os/x86_64"));
    }

    @Test
    void aMissingPacmanConfHasNoRepositories() throws IOException {
        assertThat(collect(root, "x86_64")).isEmpty();
    }

    @Test
    void serversBeforeAnIncludeComeFirstAndAnExplicitArchitectureWins() throws IOException {
        Fixtures.write(root, "/etc/pacman.conf", """
                [options]
                Architecture = aarch64 armv7h
                Color
                [core]
                Server = https://preferred.example.org/$repo/$arch
                Include = /etc/pacman.d/mirrorlist
                [extra]
                Include = /etc/pacman.d/mirrorlist
                [local]
                Server = file:///srv/repo
                [nomirror]
                Include = /etc/pacman.d/missing
                """);
        Fixtures.write(root, "/etc/pacman.d/mirrorlist", "Server = http://mirror.example.org/archlinuxarm/$arch/$repo\n");

        assertThat(collect(root, "x86_64")).containsExactly(
                pacman("core", "https://preferred.example.org/core/aarch64"),
                pacman("extra", "http://mirror.example.org/archlinuxarm/aarch64/extra"),
                pacman("local", "file:///srv/repo"));
    }

    @Test
    void includedFilesMayDefineSectionsAndBeGlobbed() throws IOException {
        Fixtures.write(root, "/etc/pacman.conf", """
                Server = https://outside.example.org/
                [options]
                Include = /etc/pacman.d/repos/*.conf
                """);
        Fixtures.write(root, "/etc/pacman.d/repos/10-chaotic.conf", "[chaotic-aur]\nInclude = /etc/pacman.d/chaotic-mirrorlist\n");
        Fixtures.write(root, "/etc/pacman.d/repos/20-own.conf", "[own]\nServer = https://own.example.org/$arch\n");
        Fixtures.write(root, "/etc/pacman.d/chaotic-mirrorlist", "# Automatic CDN\nServer = https://cdn-mirror.chaotic.cx/$repo/$arch\n");

        assertThat(collect(root, "x86_64")).containsExactly(
                pacman("chaotic-aur", "https://cdn-mirror.chaotic.cx/chaotic-aur/x86_64"),
                pacman("own", "https://own.example.org/x86_64"));
    }

    @Test
    void anIncludeLoopStopsAtPacmansDepthLimit() throws IOException {
        Fixtures.write(root, "/etc/pacman.conf", "[core]\nInclude = /etc/pacman.conf\nServer = https://loop.example.org/$repo\n");

        assertThat(collect(root, "x86_64")).containsExactly(pacman("core", "https://loop.example.org/core"));
    }
}
