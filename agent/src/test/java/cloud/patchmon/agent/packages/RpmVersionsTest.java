package cloud.patchmon.agent.packages;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RpmVersionsTest {

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
            // rpmvercmp cases from rpm's own test suite (tests/rpmvercmp.at)
            "1.0, 1.0, 0",
            "1.0, 2.0, -1",
            "2.0.1, 2.0, 1",
            "2.0, 2.0.1, -1",
            "5.5p1, 5.5p2, -1",
            "5.5p10, 5.5p1, 1",
            "10xyz, 10.1xyz, -1",
            "xyz10, xyz10.1, -1",
            "1.0aa, 1.0a, 1",
            "2.0a, 2.0, 1",
            "1.0a, 1.0.1, -1",
            "10, 9, 1",
            "1.010, 1.10, 0",
            "1.05, 1.5, 0",
            "1b.fc17, 1.fc17, -1",
            "1.0~rc1, 1.0, -1",
            "1.0~rc1, 1.0~rc2, -1",
            "1.0~rc1~git123, 1.0~rc1, -1",
            "1.0^, 1.0, 1",
            "1.0^git1, 1.0, 1",
            "1.0^git1, 1.01, -1",
            "1.0^git1~pre, 1.0^git1, -1",
            "4.999.9, 5.0, -1",
            "2a, 2.0, -1",
            "1.0, 1_0, 0",
    })
    void comparesVersionsAsRpmvercmpDoes(String left, String right, int expected) {
        assertThat(RpmVersions.compareSegments(left, right)).isEqualTo(expected);
        assertThat(RpmVersions.compareSegments(right, left)).isEqualTo(-expected);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
            "1:1.0-1, 2.0-1, 1",
            "0:2.0-1, 2.0-1, 0",
            "2:8.2.2637-21.el9, 2:8.2.2637-20.el9_1, 1",
            "5.14.0-427.31.1.el9_4, 5.14.0-427.13.1.el9_4, 1",
            "5.14.0-362.24.1.el9_3, 5.14.0-427.13.1.el9_4, -1",
            "32:9.11.4-26.P2.el7_9.16, 32:9.11.4-26.P2.el7_9.15, 1",
            "1.0-10.el9, 1.0-9.el9, 1",
            "3.1.4-150600.5.21.1, 3.1.4-150600.5.15.1, 1",
            // no release on one side: the releases are not compared
            "1.0, 1.0-5, 0",
    })
    void comparesEpochThenVersionThenRelease(String left, String right, int expected) {
        assertThat(Integer.signum(RpmVersions.compare(left, right))).isEqualTo(expected);
        assertThat(Integer.signum(RpmVersions.compare(right, left))).isEqualTo(-expected);
    }
}
