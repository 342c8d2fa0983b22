package cloud.patchmon.agent.packages;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DpkgQueryParserTest {

    @Test
    void readsEveryInstalledPackageWithItsSectionAndSummary() throws IOException {
        String output = AptFixtures.text("bookworm", "dpkg-query.txt");

        List<DpkgInstalledPackage> packages = DpkgQueryParser.parse(output);

        assertThat(packages).hasSize((int) output.lines().count());
        assertThat(packages).contains(
                new DpkgInstalledPackage("adduser", "all", "3.134", "admin", "add and remove users and groups"),
                new DpkgInstalledPackage("libcap2", "amd64", "1:2.66-4+deb12u2+b2", "libs", "POSIX 1003.1e capabilities (library)"));
    }

    @Test
    void keepsHeldPackagesAndDropsRemovedOnesWhoseConfigurationRemains() throws IOException {
        List<DpkgInstalledPackage> packages = DpkgQueryParser.parse(AptFixtures.text("held", "dpkg-query.txt"));

        assertThat(packages).extracting(DpkgInstalledPackage::name).contains("bash").doesNotContain("nano");
        assertThat(packages).filteredOn(p -> p.name().equals("libc6"))
                .extracting(DpkgInstalledPackage::architecture).containsExactly("amd64", "i386");
    }

    @Test
    void qualifiesOnlyForeignArchitecturesAsAptDoes() {
        assertThat(new DpkgInstalledPackage("libc6", "i386", "2.36-9", "libs", null).aptName("amd64")).isEqualTo("libc6:i386");
        assertThat(new DpkgInstalledPackage("libc6", "amd64", "2.36-9", "libs", null).aptName("amd64")).isEqualTo("libc6");
        assertThat(new DpkgInstalledPackage("tzdata", "all", "2025b-0", "localization", null).aptName("amd64")).isEqualTo("tzdata");
    }

    @Test
    void aLineWithoutTheFormatsFieldsIsAnError() {
        assertThatThrownBy(() -> DpkgQueryParser.parse("adduser 3.134\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("adduser 3.134");
    }
}
