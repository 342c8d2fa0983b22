package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApkParsersTest {

    @Test
    void splitsNamesWithDashesAndDigitsFromTheirVersion() throws IOException {
        assertThat(ApkNameVersion.parse("ca-certificates-bundle-20230506-r0"))
                .isEqualTo(new ApkNameVersion("ca-certificates-bundle", "20230506-r0"));
        assertThat(ApkNameVersion.parse("libcrypto3-3.1.4-r1")).isEqualTo(new ApkNameVersion("libcrypto3", "3.1.4-r1"));
        assertThat(ApkNameVersion.parse("py3-setuptools-68.0.0-r0")).isEqualTo(new ApkNameVersion("py3-setuptools", "68.0.0-r0"));
        assertThat(ApkNameVersion.parse("argon2-libs-20190702-r4")).isEqualTo(new ApkNameVersion("argon2-libs", "20190702-r4"));
    }

    @Test
    void aTokenWithoutReleaseIsNotAPackage() {
        assertThatThrownBy(() -> ApkNameVersion.parse("musl-1.2.4")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ApkNameVersion.parse("WARNING:")).isInstanceOf(IOException.class);
    }

    @Test
    void descriptionsMayContainTheSeparator() throws IOException {
        assertThat(ApkInfoParser.parse(RecordedCommands.resource("/fixtures/apk/alpine-3.18/apk-info-vv.txt")))
                .contains(new ApkInstalledPackage("apk-tools", "2.14.0-r2", "Alpine Package Keeper - package manager for alpine"),
                        new ApkInstalledPackage("zstd-libs", "1.5.5-r4", "Zstandard - Fast real-time compression algorithm (libraries)"));
    }

    @Test
    void readsTheComparisonsAfterTheHeader() throws IOException {
        Map<String, String> upgrades = ApkVersionParser.parse(RecordedCommands.resource("/fixtures/apk/alpine-3.18/apk-version-l-lt.txt"));

        assertThat(upgrades).hasSize(14).containsEntry("busybox", "1.36.1-r7").containsEntry("sqlite-libs", "3.41.2-r3")
                .doesNotContainKey("Installed:");
        assertThat(ApkVersionParser.parse(RecordedCommands.resource("/fixtures/apk/current/apk-version-l-lt.txt"))).isEmpty();
    }

    @Test
    void readsALongNameGluedToTheComparisonAndATaggedRepository() throws IOException {
        // apk-tools 2 pads to 40 columns with "%-40s%s", so a longer name-version touches the "<"
        String output = "Installed:                                Available:\n"
                + "fetch https://dl-cdn.alpinelinux.org/alpine/v3.18/main/x86_64/APKINDEX.tar.gz\n"
                + "perl-test-harness-utils-extra-3.48.1.2-r0< 3.48.1.3-r0 \n"
                + "nodejs-20.10.0-r1                       < 20.11.1-r0 @edge\n";

        assertThat(ApkVersionParser.parse(output)).containsExactly(
                Map.entry("perl-test-harness-utils-extra", "3.48.1.3-r0"), Map.entry("nodejs", "20.11.1-r0"));
    }
}
