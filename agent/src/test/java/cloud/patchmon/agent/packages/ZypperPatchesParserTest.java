package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ZypperPatchesParserTest {

    private static final String OPENSSL = "openSUSE-SLE-15.6-2024-3849";
    private static final String CURL = "openSUSE-SLE-15.6-2024-3876";
    private static final String KERNEL = "openSUSE-SLE-15.6-2024-4100";

    @Test
    void keepsOnlyNeededSecurityPatchesWhateverTheFilterLetThrough() throws IOException {
        var names = ZypperPatchesParser.parse(RecordedCommands.resource("/fixtures/zypper/list-patches-security.xml"));

        assertThat(names).containsExactly(OPENSSL, CURL, KERNEL);
    }

    @Test
    void readsSecurityPatchesHeldBehindAPackageManagerUpdate() throws IOException {
        var names = ZypperPatchesParser.parse(
                RecordedCommands.resource("/fixtures/zypper/list-patches-security-blocked.xml"));

        assertThat(names).containsExactly(OPENSSL, CURL, KERNEL);
    }

    @Test
    void leavesAppliedPatchesOut() throws IOException {
        String xml = "<?xml version='1.0'?>\n<stream>\n<update-status version=\"0.6\">\n<update-list>\n"
                + "<update kind=\"patch\" name=\"" + OPENSSL + "\" edition=\"1\" arch=\"noarch\" status=\"applied\""
                + " category=\"security\" severity=\"moderate\"><summary>Security update for openssl-3</summary></update>"
                + "</update-list>\n</update-status>\n</stream>\n";

        assertThat(ZypperPatchesParser.parse(xml)).isEmpty();
    }
}
