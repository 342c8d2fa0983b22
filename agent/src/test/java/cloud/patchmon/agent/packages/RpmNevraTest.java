package cloud.patchmon.agent.packages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RpmNevraTest {

    @Test
    void splitsNameEpochVersionReleaseAndArch() {
        assertThat(RpmNevra.parse("openssl-1:3.0.7-25.el9_3.x86_64"))
                .isEqualTo(new RpmNevra("openssl", "1:3.0.7-25.el9_3", "x86_64"));
    }

    @Test
    void keepsDashesAndDotsThatBelongToTheName() {
        assertThat(RpmNevra.parse("subscription-manager-rhsm-certificates-20220623-2.el9_4.noarch"))
                .isEqualTo(new RpmNevra("subscription-manager-rhsm-certificates", "20220623-2.el9_4", "noarch"));
        assertThat(RpmNevra.parse("python3.11-libs-3.11.7-1.el9.x86_64"))
                .isEqualTo(new RpmNevra("python3.11-libs", "3.11.7-1.el9", "x86_64"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "openssl-3.0.7.x86_64", "-3.0.7-1.x86_64", "openssl--1.x86_64",
            "openssl-3.0.7-.x86_64", "openssl-3.0.7-1."})
    void rejectsWhatIsNotANevra(String text) {
        assertThatThrownBy(() -> RpmNevra.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
