package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApkRepositoriesTest {

    @TempDir
    Path root;

    private static RepositoryEntry apk(String name, String url, String distribution, String component) {
        return new RepositoryEntry(name, url, distribution, component, "apk", true, url.startsWith("https://"));
    }

    private List<RepositoryEntry> collect(Path tree) throws IOException {
        return new ApkRepositories(new HostFiles(tree)).collect();
    }

    @Test
    void alpineReportsItsUncommentedLinesWithReleaseAndComponent() throws IOException {
        // The cdrom path and the edge lines setup-apkrepos writes commented out are disabled and not reported.
        assertThat(collect(Fixtures.tree("alpine319"))).containsExactly(
                apk("dl-cdn-alpinelinux-3-19", "https://dl-cdn.alpinelinux.org/alpine/v3.19/main", "3.19", "main"),
                apk("dl-cdn-alpinelinux-3-19-community", "https://dl-cdn.alpinelinux.org/alpine/v3.19/community", "3.19", "community"),
                apk("testing", "https://dl-cdn.alpinelinux.org/alpine/edge/testing", "edge", "testing"));
    }

    @Test
    void aMissingRepositoriesFileHasNoRepositories() throws IOException {
        assertThat(collect(root)).isEmpty();
    }

    @Test
    void pathsOtherLayoutsDuplicatesAndMalformedLinesAreHandled() throws IOException {
        Fixtures.write(root, "/etc/apk/repositories", """
                /media/sda1/apks
                http://mirror.example.org/alpine/latest-stable/main/
                http://mirror.example.org/alpine/latest-stable/main
                https://packages.example.org/apk
                @ https://no-tag-name.example.org/alpine/v3.19/main
                https://a.example.org/alpine/v3.19/main https://b.example.org/alpine/v3.19/main
                   # an indented comment
                """);

        assertThat(collect(root)).containsExactly(
                apk("local", "/media/sda1/apks", "", ""),
                apk("mirror-example-latest-stable", "http://mirror.example.org/alpine/latest-stable/main/", "latest-stable", "main"),
                apk("packages-example", "https://packages.example.org/apk", "", ""));
    }
}
