package cloud.patchmon.agent.host;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OsReleaseFieldsTest {

    @Test
    void shellQuotingIsUndone() {
        Map<String, String> fields = OsReleaseFields.parse(String.join("\n", List.of(
                "# comment",
                "NAME='Foo \"Linux\"'",
                "VERSION=\"1.0 \\\"beta\\\" \\$HOME\"",
                "ID=foo",
                "",
                "BROKEN"))).fields();

        assertThat(fields).containsExactlyInAnyOrderEntriesOf(Map.of("NAME", "Foo \"Linux\"", "VERSION", "1.0 \"beta\" $HOME", "ID", "foo"));
    }

    @Test
    void readsQuotedUnquotedAndEscapedValues() {
        OsReleaseFields os = OsReleaseFields.parse("""
                # a comment
                VERSION_ID=40
                PLATFORM_ID="platform:f40"
                NAME='Fedora Linux'
                PRETTY_NAME="Say \\"hi\\""
                EMPTY=""
                not a field
                """);

        assertThat(os.field("VERSION_ID")).contains("40");
        assertThat(os.field("PLATFORM_ID")).contains("platform:f40");
        assertThat(os.field("NAME")).contains("Fedora Linux");
        assertThat(os.field("PRETTY_NAME")).contains("Say \"hi\"");
        assertThat(os.field("EMPTY")).isEmpty();
        assertThat(os.field("MISSING")).isEmpty();
    }
}
