package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreeBsdPkgParsersTest {

    @Test
    void queryListsPackagesWithCommentAndCategory() throws IOException {
        var packages = FreeBsdPkgQueryParser.parse(RecordedCommands.resource("/fixtures/pkg/query.txt"));

        assertThat(packages).hasSize(11);
        assertThat(packages).filteredOn(p -> p.name().equals("py311-urllib3")).singleElement().satisfies(p -> {
            assertThat(p.version()).isEqualTo("1.26.18,1");
            assertThat(p.category()).isEqualTo("net");
            assertThat(p.comment()).isEqualTo("HTTP library with thread-safe connection pooling, file post, and more");
        });
    }

    @Test
    void queryRejectsALineWithoutAllFieldsAndAnEmptyDatabase() {
        assertThatThrownBy(() -> FreeBsdPkgQueryParser.parse("curl 8.10.1\n")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> FreeBsdPkgQueryParser.parse("")).isInstanceOf(IOException.class);
    }

    @Test
    void versionReadsTheRemoteVersionOfEachOutdatedPackage() throws IOException {
        var updates = FreeBsdPkgVersionParser.parse(RecordedCommands.resource("/fixtures/pkg/version.txt"));

        assertThat(updates).containsOnlyKeys("curl-8.10.1", "expat-2.6.2", "py311-urllib3-1.26.18,1",
                "python311-3.11.9_1", "sudo-1.9.15p5_4");
        assertThat(updates).containsEntry("py311-urllib3-1.26.18,1", "1.26.20,1")
                .containsEntry("sudo-1.9.15p5_4", "1.9.16p2");
    }

    @Test
    void versionIgnoresPackagesNewerThanOrMissingFromTheCatalogue() throws IOException {
        String stdout = "pkg-1.21.3                         >   succeeds remote (remote has 1.21.2)\n"
                + "mytool-1.0                         ?   orphaned: local/mytool\n"
                + "broken-1.0                         !   Comparison failed\n";

        assertThat(FreeBsdPkgVersionParser.parse(stdout)).isEmpty();
    }

    @Test
    void versionRejectsLinesItCannotRead() {
        assertThatThrownBy(() -> FreeBsdPkgVersionParser.parse("pkg: No active remote repositories configured.\n"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> FreeBsdPkgVersionParser.parse("curl-8.10.1                        <\n"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void auditListsEachVulnerablePackageOnceThoughItHasSeveralVulnerabilities() throws IOException {
        var result = new CommandResult(1, RecordedCommands.resource("/fixtures/pkg/audit.txt"), "");

        assertThat(FreeBsdPkgAuditParser.parse(result)).containsExactlyInAnyOrder("curl-8.10.1", "expat-2.6.2",
                "python311-3.11.9_1");
    }

    @Test
    void auditWithoutFindingsIsEmpty() throws IOException {
        var result = new CommandResult(0, RecordedCommands.resource("/fixtures/pkg/audit-clean.txt"), "");

        assertThat(FreeBsdPkgAuditParser.parse(result)).isEmpty();
    }

    @Test
    void anAuditThatCouldNotRunIsAnErrorThoughItExitsLikeAFindingDoes() {
        var result = new CommandResult(1, "",
                "pkg: vulnxml file /var/db/pkg/vuln.xml does not exist. Try running 'pkg audit -F' first\n");

        assertThatThrownBy(() -> FreeBsdPkgAuditParser.parse(result)).isInstanceOf(IOException.class)
                .hasMessageContaining("pkg audit -F");
    }

    @Test
    void anAuditWhosePackagesDoNotAddUpToItsCountIsAnError() {
        var result = new CommandResult(1, "curl-8.10.1 is vulnerable:\n  curl -- netrc leak\n\n"
                + "2 problem(s) in 2 installed package(s) found.\n", "");

        assertThatThrownBy(() -> FreeBsdPkgAuditParser.parse(result)).isInstanceOf(IOException.class);
    }
}
