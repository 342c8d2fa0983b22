package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZypperUpdatesParserTest {

    @Test
    void readsEachPackageUpdateWithItsRepositoryAlias() throws IOException {
        var updates = ZypperUpdatesParser.parse(RecordedCommands.resource("/fixtures/zypper/list-updates.xml"));

        assertThat(updates).extracting(RpmUpdate::name).containsExactly("curl", "kernel-default", "libcurl4",
                "libopenssl3", "openssl-3", "timezone", "vim");
        assertThat(updates.get(1)).isEqualTo(
                new RpmUpdate("kernel-default", "x86_64", "6.4.0-150600.23.33.1", "repo-sle-update"));
    }

    @Test
    void readsAnEmptyUpdateList() throws IOException {
        assertThat(ZypperUpdatesParser.parse(RecordedCommands.resource("/fixtures/zypper/list-updates-none.xml")))
                .isEmpty();
    }

    @Test
    void leavesPatchesOut() throws IOException {
        String xml = "<?xml version='1.0'?>\n<stream>\n<update-status version=\"0.6\">\n<update-list>\n"
                + "<update kind=\"patch\" name=\"openSUSE-SLE-15.6-2024-3849\" edition=\"1\" arch=\"noarch\" status=\"needed\""
                + " category=\"security\"><summary>Security update for openssl-3</summary></update>"
                + "</update-list>\n</update-status>\n</stream>\n";

        assertThat(ZypperUpdatesParser.parse(xml)).isEmpty();
    }

    @Test
    void anErrorMessageMeansTheListMayBeIncomplete() {
        String xml = "<?xml version='1.0'?>\n<stream>\n"
                + "<message type=\"error\">Repository 'repo-sle-update' is invalid.</message>\n"
                + "<update-status version=\"0.6\">\n<update-list/>\n</update-status>\n</stream>\n";

        assertThatThrownBy(() -> ZypperUpdatesParser.parse(xml)).isInstanceOf(IOException.class)
                .hasMessageContaining("is invalid");
    }

    @Test
    void refusesADoctypeSoNoEntityIsExpanded() {
        String xml = "<?xml version='1.0'?>\n<!DOCTYPE stream [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<stream><update-status version=\"0.6\"><update-list>"
                + "<update kind=\"package\" name=\"&x;\" edition=\"1-1\" arch=\"x86_64\"/>"
                + "</update-list></update-status></stream>\n";

        assertThatThrownBy(() -> ZypperUpdatesParser.parse(xml)).isInstanceOf(IOException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void rejectsOutputThatIsNotAnUpdateStatusStream() {
        assertThatThrownBy(() -> ZypperUpdatesParser.parse("Loading repository data...\n"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ZypperUpdatesParser.parse("<?xml version='1.0'?>\n<stream>\n</stream>\n"))
                .isInstanceOf(IOException.class);
    }
}
