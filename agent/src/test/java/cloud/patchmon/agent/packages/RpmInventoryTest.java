package cloud.patchmon.agent.packages;

import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RpmInventoryTest {

    private static final RpmPackage KERNEL = new RpmPackage("kernel", "0", "5.14.0", "427.13.1.el9_4", "x86_64",
            "The Linux kernel", null);
    private static final RpmPackage OPENSSL = new RpmPackage("openssl", "1", "3.0.7", "27.el9", "x86_64",
            "Utilities", "System Environment/Libraries");

    @Test
    void anInstalledPackageWithoutUpdateIsUpToDate() {
        assertThat(RpmInventory.entries(List.of(OPENSSL), List.of(), List.of())).containsExactly(
                PackageEntry.of("openssl", "Utilities", "System Environment/Libraries", "1:3.0.7-27.el9", null,
                        false, false, null));
    }

    @Test
    void theNewestOfSeveralOfferedVersionsIsTheAvailableOne() {
        var updates = List.of(new RpmUpdate("openssl", "i686", "1:3.0.7-28.el9_4", "baseos"),
                new RpmUpdate("openssl", "x86_64", "1:3.0.7-29.el9_4", "baseos-eus"));

        assertThat(RpmInventory.entries(List.of(OPENSSL), updates, List.of())).singleElement()
                .satisfies(e -> {
                    assertThat(e.availableVersion()).isEqualTo("1:3.0.7-29.el9_4");
                    assertThat(e.sourceRepository()).isEqualTo("baseos-eus");
                    assertThat(e.needsUpdate()).isTrue();
                    assertThat(e.isSecurityUpdate()).isFalse();
                });
    }

    @Test
    void anOfferedVersionNotNewerThanTheInstalledOneIsNoUpdate() {
        var older = List.of(new RpmUpdate("kernel", "x86_64", "5.14.0-362.24.1.el9_3", "baseos"));

        assertThat(RpmInventory.entries(List.of(KERNEL), older, List.of())).singleElement()
                .satisfies(e -> assertThat(e.needsUpdate()).isFalse());
    }

    @Test
    void aFixNewerThanTheInstalledVersionMakesTheUpdateASecurityUpdate() {
        var updates = List.of(new RpmUpdate("kernel", "x86_64", "5.14.0-427.31.1.el9_4", "baseos"));
        var fixes = List.of(new RpmSecurityFix("kernel", "5.14.0-427.28.1.el9_4"));

        assertThat(RpmInventory.entries(List.of(KERNEL), updates, fixes)).singleElement()
                .satisfies(e -> assertThat(e.isSecurityUpdate()).isTrue());
    }

    @Test
    void aFixAlreadyInstalledDoesNotMakeTheUpdateASecurityUpdate() {
        // dnf lists the running (older) kernel's advisories even when the fixed kernel is installed
        var updates = List.of(new RpmUpdate("kernel", "x86_64", "5.14.0-427.31.1.el9_4", "baseos"));
        var fixes = List.of(new RpmSecurityFix("kernel", "5.14.0-427.13.1.el9_4"));

        assertThat(RpmInventory.entries(List.of(KERNEL), updates, fixes)).singleElement()
                .satisfies(e -> {
                    assertThat(e.needsUpdate()).isTrue();
                    assertThat(e.isSecurityUpdate()).isFalse();
                });
    }

    @Test
    void aFixWithoutAnOfferedUpdateIsNotReported() {
        var fixes = List.of(new RpmSecurityFix("openssl", "1:3.0.7-28.el9_4"));

        assertThat(RpmInventory.entries(List.of(OPENSSL), List.of(), fixes)).singleElement()
                .satisfies(e -> assertThat(e.isSecurityUpdate()).isFalse());
    }
}
