package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.agent.patching.PatchRequest.PatchType;
import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dry-run parsers on recorded and transcribed outputs of the real tools (fixtures/patching/README.md). */
class TransactionParsersTest {

    private static String fixture(String name) {
        return RecordedCommands.resource("/fixtures/patching/" + name);
    }

    private static PatchRequest packages(String... names) {
        return new PatchRequest("run-1", PatchType.PATCH_PACKAGE, true, List.of(names));
    }

    private static final PatchRequest ALL = new PatchRequest("run-1", PatchType.PATCH_ALL, true, List.of());

    private static AffectedPackage pkg(String name, String arch, String current, String next, String action, boolean dependency) {
        return new AffectedPackage(name, arch, current, next, action, dependency);
    }

    @Test
    void aptOnlyUpgradeListsTheRequestedPackageAndTheLibrariesItPullsIn() throws IOException {
        List<AffectedPackage> affected = new AptTransactionParser().parse(fixture("apt/only-upgrade-curl.txt"), packages("curl"));

        assertThat(affected).containsExactly(
                pkg("curl", "amd64", "7.88.1-10+deb12u14", "7.88.1-10+deb12u15", "upgrade", false),
                pkg("libcurl4", "amd64", "7.88.1-10+deb12u14", "7.88.1-10+deb12u15", "upgrade", true),
                pkg("libcurl3-gnutls", "amd64", "7.88.1-10+deb12u14", "7.88.1-10+deb12u15", "upgrade", true),
                pkg("libcurl3-nss", "amd64", "7.88.1-10+deb12u14", "7.88.1-10+deb12u15", "upgrade", true));
    }

    @Test
    void aptNewPackagesHaveNoCurrentVersionAndRemovalsNoNewOne() throws IOException {
        List<AffectedPackage> installed = new AptTransactionParser().parse(fixture("apt/install-krb5-user-new-deps.txt"), packages("krb5-user"));
        List<AffectedPackage> removed = new AptTransactionParser().parse(fixture("apt/remove-unzip.txt"), packages("unzip"));

        assertThat(installed).hasSize(18);
        assertThat(installed).contains(pkg("libfstrm0", "amd64", null, "0.6.1-1", "install", true),
                pkg("libgssapi-krb5-2", "amd64", "1.20.1-2+deb12u3", "1.20.1-2+deb12u5", "upgrade", true));
        assertThat(installed).filteredOn(p -> p.name().equals("krb5-user")).singleElement()
                .satisfies(p -> assertThat(p.dependency()).isFalse());
        assertThat(removed).containsExactly(pkg("unzip", null, "6.0-28", null, "remove", false));
    }

    @Test
    void aptNothingToDoIsAnEmptyTransaction() throws IOException {
        assertThat(new AptTransactionParser().parse(fixture("apt/only-upgrade-already-newest.txt"), packages("coreutils"))).isEmpty();
    }

    @Test
    void aptUpgradeOfEverythingCountsEveryInstLineAndNoneIsAnExtraDependency() throws IOException {
        String output = fixture("apt/upgrade-all.txt");
        List<AffectedPackage> affected = new AptTransactionParser().parse(output, ALL);

        assertThat(affected).hasSize((int) output.lines().filter(l -> l.startsWith("Inst ")).count()).hasSize(143);
        assertThat(affected).noneMatch(AffectedPackage::dependency).allMatch(p -> p.action().equals("upgrade"));
    }

    @Test
    void anAptLineOfAnUnknownShapeFailsInsteadOfDroppingAPackage() {
        assertThatThrownBy(() -> new AptTransactionParser().parse("Inst curl something odd\n", packages("curl")))
                .isInstanceOf(IOException.class).hasMessageContaining("Inst curl something odd");
    }

    /** Answers rpm/pacman version queries from a fixture and records what was asked. */
    private static final class Versions implements InstalledVersions {
        private final Map<String, String> versions;
        private final List<Collection<String>> asked = new ArrayList<>();

        Versions(Map<String, String> versions) {
            this.versions = versions;
        }

        @Override
        public Map<String, String> of(Collection<String> names) {
            asked.add(List.copyOf(names));
            return versions;
        }
    }

    @Test
    void dnf4ReadsTheTableIncludingAWrappedNameAndLooksUpTheInstalledVersions() throws IOException {
        Versions rpm = new Versions(Map.of("curl.x86_64", "7.76.1-29.el9_4.1", "libcurl", "7.76.1-29.el9_4.1"));

        List<AffectedPackage> affected = new RpmTransactionParser(rpm).parse(fixture("dnf4/upgrade-assumeno-curl.txt"), packages("curl"));

        assertThat(affected).containsExactly(
                pkg("curl", "x86_64", "7.76.1-29.el9_4.1", "7.76.1-31.el9", "upgrade", false),
                pkg("libcurl", "x86_64", "7.76.1-29.el9_4.1", "7.76.1-31.el9", "upgrade", true),
                pkg("libnghttp2-tools", "x86_64", null, "1.43.0-6.el9", "install", true),
                pkg("python3-requests-toolbelt-multipart-helpers", "noarch", null, "1.0.0-3.el9", "install", true));
        assertThat(rpm.asked).containsExactly(List.of("curl", "libcurl"));
    }

    @Test
    void dnf5TakesTheInstalledVersionsFromItsReplacingRowsAndStopsAtTheSummary() throws IOException {
        Versions rpm = new Versions(Map.of());

        List<AffectedPackage> affected = new RpmTransactionParser(rpm).parse(fixture("dnf5/upgrade-assumeno-curl.txt"), packages("curl"));

        assertThat(affected).containsExactly(
                pkg("curl", "x86_64", "8.6.0-8.fc40", "8.6.0-10.fc40", "upgrade", false),
                pkg("libcurl", "x86_64", "8.6.0-8.fc40", "8.6.0-10.fc40", "upgrade", true),
                pkg("libpsl-utils", "x86_64", null, "0.21.5-3.fc40", "install", true));
        assertThat(rpm.asked).as("no rpm query when DNF5 named every installed version").isEmpty();
    }

    @Test
    void yumSectionsForDependenciesAreDependencies() throws IOException {
        Versions rpm = new Versions(Map.of("vim-enhanced", "2:7.4.629-7.el7", "vim-common", "2:7.4.629-7.el7"));

        List<AffectedPackage> affected = new RpmTransactionParser(rpm).parse(fixture("yum/update-assumeno-vim.txt"), packages("vim-enhanced"));

        assertThat(affected).containsExactly(
                pkg("vim-enhanced", "x86_64", "2:7.4.629-7.el7", "2:7.4.629-8.el7_9", "upgrade", false),
                pkg("gpm-libs", "x86_64", null, "1.20.7-6.el7", "install", true),
                pkg("vim-common", "x86_64", "2:7.4.629-7.el7", "2:7.4.629-8.el7_9", "upgrade", true));
    }

    @Test
    void rpmToolsWithNothingToDoPlanNothing() throws IOException {
        Versions rpm = new Versions(Map.of());
        RpmTransactionParser parser = new RpmTransactionParser(rpm);

        assertThat(parser.parse(fixture("dnf4/upgrade-assumeno-nothing.txt"), ALL)).isEmpty();
        assertThat(parser.parse(fixture("dnf5/upgrade-assumeno-nothing.txt"), ALL)).isEmpty();
        assertThat(parser.parse(fixture("yum/update-assumeno-nothing.txt"), ALL)).isEmpty();
        assertThat(rpm.asked).isEmpty();
    }

    @Test
    void pacmanTargetsWithInstalledVersionsFromPacmanQ() throws IOException {
        Versions query = new Versions(PacmanTargetsParser.parseQuery(fixture("pacman/q-curl.txt")));

        List<AffectedPackage> affected = new PacmanTargetsParser(query).parse(fixture("pacman/sp-curl.txt"), packages("curl"));

        assertThat(affected).containsExactly(
                pkg("curl", null, "8.11.0-2", "8.11.1-1", "upgrade", false),
                pkg("libnghttp3", null, null, "1.6.0-1", "install", true),
                pkg("libngtcp2", null, null, "1.9.1-1", "install", true));
    }

    @Test
    void pacmanSystemUpgradeKeepsEpochsAndAnEmptyTargetListIsNothingToDo() throws IOException {
        Versions query = new Versions(PacmanTargetsParser.parseQuery(fixture("pacman/q-all.txt")));
        PacmanTargetsParser parser = new PacmanTargetsParser(query);

        assertThat(parser.parse(fixture("pacman/sup-all.txt"), ALL)).contains(pkg("systemd", null, "1:256.8-1", "1:257-1", "upgrade", false))
                .hasSize(4);
        assertThat(new PacmanTargetsParser(new Versions(Map.of())).parse(fixture("pacman/sup-nothing.txt"), ALL)).isEmpty();
        assertThat(parser.parse("resolving dependencies...\nwarning: curl-8.11.1-1 is up to date -- reinstalling\n", ALL)).isEmpty();
    }

    @Test
    void pkgPlanSectionsBecomeActions() throws IOException {
        List<AffectedPackage> affected = new PkgTransactionParser().parse(fixture("pkg/upgrade-n.txt"), ALL);

        assertThat(affected).containsExactly(
                pkg("libpsl", null, null, "0.21.5_1", "install", true),
                pkg("curl", null, "8.10.1", "8.11.1_1", "upgrade", false),
                pkg("git", null, "2.46.2", "2.47.1", "upgrade", false),
                pkg("libgpg-error", null, "1.50", "1.51", "upgrade", false),
                pkg("python311", null, "3.11.10", "3.11.10", "reinstall", false));
    }

    @Test
    void pkgInstallPlanWithRepositoryTagsAndNothingToDo() throws IOException {
        assertThat(new PkgTransactionParser().parse(fixture("pkg/install-n-curl.txt"), packages("curl"))).containsExactly(
                pkg("libpsl", null, null, "0.21.5_1", "install", true),
                pkg("curl", null, "8.10.1", "8.11.1_1", "upgrade", false));
        assertThat(new PkgTransactionParser().parse(fixture("pkg/upgrade-n-nothing.txt"), ALL)).isEmpty();
    }

    @Test
    void freebsdUpdateFetchTellsStagedFromNothingNeeded() {
        assertThat(FreeBsdUpdateFetch.staged(fixture("freebsd-update/fetch-staged.txt"))).isTrue();
        assertThat(FreeBsdUpdateFetch.staged(fixture("freebsd-update/fetch-none.txt"))).isFalse();
    }

    @Test
    void declinedSimulationsAreToldFromFailedOnes() {
        assertThat(DryRunErrors.reported(fixture("dnf4/upgrade-assumeno-curl.txt"))).isFalse();
        assertThat(DryRunErrors.reported(fixture("yum/update-assumeno-vim.txt"))).isFalse();
        assertThat(DryRunErrors.reported(fixture("pkg/upgrade-n.txt"))).as("libgpg-error is a package, not an error").isFalse();
        assertThat(DryRunErrors.reported(fixture("dnf4/upgrade-assumeno-nomatch.txt"))).isTrue();
        assertThat(DryRunErrors.firstErrorLine(fixture("apt/only-upgrade-unknown.txt"))).contains("E: Unable to locate package nosuchpkg-xyz");
    }
}
