package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.protocol.RepositoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PkgRepositoriesTest {

    private static final String FREEBSD_CONF = """
            FreeBSD: {
              url: "pkg+http://pkg.FreeBSD.org/${ABI}/quarterly",
              mirror_type: "srv",
              signature_type: "fingerprints",
              fingerprints: "/usr/share/keys/pkg",
              enabled: yes
            }
            """;

    @TempDir
    Path root;

    private final RecordedCommands commands = new RecordedCommands();

    private RecordedCommands withAbi() {
        return commands.answerText("pkg config abi", "FreeBSD:14:amd64\n", "", 0);
    }

    private static RepositoryEntry pkg(String name, String url, String distribution) {
        return new RepositoryEntry(name, url, distribution, "", "pkg", true, url.startsWith("https://"));
    }

    @Test
    void freebsdReportsTheBaseRepositoryAndTheKmodsOneWithTheAbiSubstituted() throws IOException {
        PkgRepositories source = new PkgRepositories(Fixtures.host("freebsd14"), withAbi());

        // pkg+https fetches over TLS, but spec ch. 7 (and the server) call only https:// secure.
        assertThat(source.collect()).containsExactly(
                pkg("FreeBSD", "pkg+http://pkg.FreeBSD.org/FreeBSD:14:amd64/quarterly", "FreeBSD:14:amd64"),
                pkg("FreeBSD-kmods", "pkg+https://pkg.freebsd.org/FreeBSD:14:amd64/kmods_quarterly_2", "FreeBSD:14:amd64"));
        assertThat(commands.ran()).containsExactly("pkg config abi");
    }

    @Test
    void aLaterFileDisablesARepositoryAndNoCommandRunsWhenNoUrlNeedsTheAbi() throws IOException {
        Fixtures.write(root, "/etc/pkg/FreeBSD.conf", FREEBSD_CONF);
        Fixtures.write(root, "/usr/local/etc/pkg/repos/FreeBSD.conf", "FreeBSD: { enabled: no }\n");
        Fixtures.write(root, "/usr/local/etc/pkg/repos/poudriere.conf", """
                poudriere: {
                    url: "https://pkg.example.org/142amd64-default",
                    signature_type: "pubkey",
                    pubkey: "/usr/local/etc/ssl/certs/poudriere.cert",
                    enabled: yes,
                    priority: 100
                }
                """);

        // RecordedCommands fails the test on any command: none may run here.
        assertThat(new PkgRepositories(new HostFiles(root), commands).collect())
                .containsExactly(pkg("poudriere", "https://pkg.example.org/142amd64-default", ""));
        assertThat(commands.ran()).isEmpty();
    }

    @Test
    void aLaterFileChangesOneOptionAndKeepsTheOthers() throws IOException {
        Fixtures.write(root, "/etc/pkg/FreeBSD.conf", FREEBSD_CONF);
        Fixtures.write(root, "/usr/local/etc/pkg/repos/latest.conf", "FreeBSD: { url: \"pkg+https://pkg.FreeBSD.org/${ABI}/latest\" }\n");
        Fixtures.write(root, "/usr/local/etc/pkg/repos/off.conf", "FreeBSD-kmods { enabled = false; url = \"https://x/${ABI}\" }\n");

        assertThat(new PkgRepositories(new HostFiles(root), withAbi()).collect())
                .containsExactly(pkg("FreeBSD", "pkg+https://pkg.FreeBSD.org/FreeBSD:14:amd64/latest", "FreeBSD:14:amd64"));
    }

    @Test
    void aFileThatIsNotUclIsIgnoredLikePkgIgnoresIt() throws IOException {
        Fixtures.write(root, "/etc/pkg/FreeBSD.conf", FREEBSD_CONF);
        Fixtures.write(root, "/usr/local/etc/pkg/repos/broken.conf", "FreeBSD: { enabled: no\n");
        Fixtures.write(root, "/usr/local/etc/pkg/repos/nourl.conf", "local: { enabled: yes }\n");

        assertThat(new PkgRepositories(new HostFiles(root), withAbi()).collect())
                .extracting(RepositoryEntry::name).containsExactly("FreeBSD");
    }

    @Test
    void aFailingPkgConfigAbiFailsTheCollection() {
        Fixtures.write(root, "/etc/pkg/FreeBSD.conf", FREEBSD_CONF);
        commands.answerText("pkg config abi", "", "pkg: Unable to determine ABI", 1);

        assertThatThrownBy(() -> new PkgRepositories(new HostFiles(root), commands).collect())
                .isInstanceOf(IOException.class).hasMessageContaining("Unable to determine ABI");
    }

    @Test
    void missingDirectoriesHaveNoRepositories() throws IOException {
        assertThat(new PkgRepositories(new HostFiles(root), commands).collect()).isEmpty();
    }
}
