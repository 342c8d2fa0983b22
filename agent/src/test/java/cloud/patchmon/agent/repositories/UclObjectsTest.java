package cloud.patchmon.agent.repositories;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UclObjectsTest {

    @Test
    void readsTheSpellingsPkgAccepts() throws UclObjects.SyntaxError {
        Map<String, Map<String, String>> objects = UclObjects.parse("""
                /* a comment /* nested */ still a comment */
                colon: { url: "pkg+http://a/${ABI}", enabled: yes }
                equals { URL = 'https://b/x'; Enabled = off; }
                bare {
                    url: pkg+https://c/${ABI}/latest   # trailing comment
                    priority 10
                    env: { HTTP_PROXY: "http://proxy:3128" }
                    list: [ "a", "b" ]
                }
                "quoted name": { url: "https://d/\\"q\\"" }
                toplevel_scalar: 5
                """);

        assertThat(objects).containsOnlyKeys("colon", "equals", "bare", "quoted name");
        assertThat(objects.get("colon")).containsExactly(Map.entry("url", "pkg+http://a/${ABI}"), Map.entry("enabled", "yes"));
        assertThat(objects.get("equals")).containsExactly(Map.entry("url", "https://b/x"), Map.entry("enabled", "off"));
        assertThat(objects.get("bare")).containsExactly(Map.entry("url", "pkg+https://c/${ABI}/latest"), Map.entry("priority", "10"));
        assertThat(objects.get("quoted name")).containsExactly(Map.entry("url", "https://d/\"q\""));
    }

    @Test
    void aWholeFileInBracesAndARepeatedObjectMerge() throws UclObjects.SyntaxError {
        Map<String, Map<String, String>> objects = UclObjects.parse("{ r: { url: \"https://a\" }, r: { enabled: no } }");

        assertThat(objects.get("r")).containsExactly(Map.entry("url", "https://a"), Map.entry("enabled", "no"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"r: { url: \"https://a\"", "r: { url: \"https://a }", "/* never closed", "r: }", "r: [ 1, 2"})
    void malformedTextIsASyntaxError(String text) {
        assertThatThrownBy(() -> UclObjects.parse(text)).isInstanceOf(UclObjects.SyntaxError.class);
    }
}
