package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreeBsdPkgPackageManagerTest {

    private static final String QUERY = "pkg query -a " + FreeBsdPkgQueryParser.QUERY_FORMAT;
    private static final String VERSION = "pkg version -vRUL=";

    private static RecordedCommands freeBsdHost() {
        return new RecordedCommands()
                .answer(QUERY, "/fixtures/pkg/query.txt", 0)
                .answer(VERSION, "/fixtures/pkg/version.txt", 0)
                .answer("pkg audit", "/fixtures/pkg/audit.txt", 1);
    }

    @Test
    void reportsUpdatesAndMarksTheVulnerableOnesAsSecurityUpdates() throws IOException {
        var entries = new FreeBsdPkgPackageManager(freeBsdHost()).collect();

        assertThat(entries).hasSize(11);
        assertThat(entries).filteredOn(e -> e.name().equals("curl")).singleElement().isEqualTo(
                PackageEntry.of("curl", "Command line tool and library for transferring data with URLs", "ftp",
                        "8.10.1", "8.11.0_1", true, true, null));
        assertThat(entries).filteredOn(PackageEntry::isSecurityUpdate).extracting(PackageEntry::name)
                .containsExactly("curl", "expat", "python311");
        assertThat(entries).filteredOn(PackageEntry::needsUpdate).extracting(PackageEntry::name)
                .containsExactly("curl", "expat", "py311-urllib3", "python311", "sudo");
    }

    @Test
    void aPackageMissingFromTheCatalogueIsUpToDate() throws IOException {
        var entries = new FreeBsdPkgPackageManager(freeBsdHost()).collect();

        assertThat(entries).filteredOn(e -> e.name().equals("mytool")).singleElement()
                .satisfies(e -> assertThat(e.needsUpdate()).isFalse());
    }

    @Test
    void withoutUpdatesTheAuditIsNotRun() throws IOException {
        var runner = freeBsdHost().answerText(VERSION, "", "", 0);

        assertThat(new FreeBsdPkgPackageManager(runner).collect()).noneMatch(PackageEntry::needsUpdate);
        assertThat(runner.ran()).containsExactly(QUERY, VERSION);
    }

    @Test
    void aMissingCatalogueFailsTheCollection() {
        var runner = freeBsdHost().answerText(VERSION, "",
                "pkg: Repository FreeBSD missing. 'pkg update' required\n", 74);

        assertThatThrownBy(() -> new FreeBsdPkgPackageManager(runner).collect()).isInstanceOf(IOException.class)
                .hasMessageContaining("pkg update");
    }

    @Test
    void refreshingUpdatesTheCatalogueAndFetchesTheVulnerabilityDatabase() throws IOException {
        var runner = new RecordedCommands()
                .answerText("pkg update", "Updating FreeBSD repository catalogue...\nFreeBSD repository is up to date.\n"
                        + "All repositories are up to date.\n", "", 0)
                .answer("pkg audit -F", "/fixtures/pkg/audit.txt", 1);

        new FreeBsdPkgPackageManager(runner).refreshCache();

        assertThat(runner.ran()).containsExactly("pkg update", "pkg audit -F");
    }

    @Test
    void theBootstrapperAloneIsNotPkg() {
        assertThat(new FreeBsdPkgPackageManager(new RecordedCommands().program("pkg")).isPresent()).isFalse();
        assertThat(new FreeBsdPkgPackageManager(new RecordedCommands().program("pkg", "pkg-static")).isPresent())
                .isTrue();
    }
}
