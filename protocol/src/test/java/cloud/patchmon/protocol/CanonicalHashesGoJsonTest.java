package cloud.patchmon.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Go {@code encoding/json} byte-compatibility of {@link GoJsonWriter}, which the hashes rest on. */
class CanonicalHashesGoJsonTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "92.4567, 92.4567",
            "100.0, 100",
            "0.5, 0.5",
            "-2.5, -2.5",
            "0.30000000000000004, 0.30000000000000004",
            "1e20, 100000000000000000000",
            "1e21, 1e+21",
            "1e23, 1e+23",
            "1.5e300, 1.5e+300",
            "1.7976931348623157e308, 1.7976931348623157e+308",
            "0.000001, 0.000001",
            "1e-7, 1e-7",
            "-1.25e-8, -1.25e-8",
            "1.5e-10, 1.5e-10",
            "4.9e-324, 5e-324",
            // Java 17's Double.toString prints 2.82879384806159008E17 (not shortest).
            "2.82879384806159E17, 282879384806159000",
            "123456789.125, 123456789.125",
    })
    void floatsAreFormattedLikeGo(double value, String expected) {
        assertThat(GoJsonWriter.formatFloat64(value)).isEqualTo(expected);
    }

    @Test
    void zeroKeepsItsSignAndNonFiniteIsRejected() {
        assertThat(GoJsonWriter.formatFloat64(0.0)).isEqualTo("0");
        assertThat(GoJsonWriter.formatFloat64(-0.0)).isEqualTo("-0");
        assertThatThrownBy(() -> GoJsonWriter.formatFloat64(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoJsonWriter.formatFloat64(Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringsAreEscapedLikeGoWithHtmlEscaping() {
        StringBuilder sb = new StringBuilder();
        GoJsonWriter.appendString(sb, "<a href=\"x\">&</a>\\\b\f\n\r\t\u0001\u001f\u007f\u2028\u2029 é \uD83D\uDE00 \uD800 /");
        assertThat(sb.toString()).isEqualTo("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\\\\\b\\f\\n\\r\\t"
                + "\\u0001\\u001f\u007f\\u2028\\u2029 é \uD83D\uDE00 \\ufffd /\"");
    }

    @Test
    void writerProducesCompactJsonInWriteOrder() {
        String json = new GoJsonWriter().beginObject()
                .field("b", "x")
                .field("a", 1L)
                .name("list").beginArray().value(true).value(false).nullValue().beginObject().endObject().endArray()
                .name("empty").beginArray().endArray()
                .field("f", 1.5)
                .endObject().toString();
        assertThat(json).isEqualTo("{\"b\":\"x\",\"a\":1,\"list\":[true,false,null,{}],\"empty\":[],\"f\":1.5}");
    }

    @Test
    void htmlSensitiveCharactersInDataReachTheHashEscaped() {
        CanonicalHashes hashes = new CanonicalHashes();
        PackageEntry p = PackageEntry.of("libxml++", "C++ <XML> & co", "", "1", "", false, false, "");
        assertThat(hashes.packagesJson(List.of(p))).contains("\"description\":\"C++ \\u003cXML\\u003e \\u0026 co\"");
    }
}
