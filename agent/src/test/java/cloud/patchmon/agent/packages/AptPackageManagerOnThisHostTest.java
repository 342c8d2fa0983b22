package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.protocol.PackageEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The apt collector against this machine's real dpkg and apt, checked with other commands than the
 * collector's. Only reads: no {@code apt-get update}, no upgrade.
 */
class AptPackageManagerOnThisHostTest {

    private static final CommandRunner HOST = new ProcessCommandRunner();
    private static Map<String, PackageEntry> collected;

    @BeforeAll
    static void collect() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-query")) && Files.isExecutable(Path.of("/usr/bin/apt-get")),
                "a Debian-family host");
        AptPackageManager apt = new AptPackageManager(HOST);
        assertThat(apt.isPresent()).isTrue();
        collected = apt.collect().stream().collect(Collectors.toMap(PackageEntry::name, Function.identity()));
    }

    @Test
    void everyPackageDpkgListsAsInstalledIsReportedWithItsVersion() throws IOException {
        List<String[]> installed = run("dpkg-query", "-W", "-f=${db:Status-Abbrev}|${binary:Package}|${Package}|${Version}\\n").lines()
                .filter(l -> l.startsWith("ii ") || l.startsWith("hi "))
                .map(l -> l.split("\\|"))
                .toList();

        assertThat(installed).isNotEmpty();
        for (String[] p : installed) {
            // binary:Package qualifies every Multi-Arch: same package, the report only names installed for two architectures
            PackageEntry entry = collected.getOrDefault(p[1], collected.get(p[2]));
            assertThat(entry).as(p[1]).isNotNull();
            assertThat(entry.currentVersion()).as(p[1]).isEqualTo(p[3]);
        }
        assertThat(collected).hasSameSizeAs(installed);
    }

    @Test
    void everyUpgradeOfTheUpgradeSimulationIsReportedWithItsVersion() throws IOException {
        String simulation = run("apt-get", "-s", "-o", "Debug::NoLocking=1", "upgrade");
        Map<String, String> inst = simulation.lines().filter(l -> l.startsWith("Inst "))
                .collect(Collectors.toMap(l -> l.split(" ")[1], l -> l.substring(l.indexOf('(') + 1).split(" ")[0]));

        inst.forEach((name, version) -> {
            assertThat(collected.get(name)).as(name).isNotNull();
            assertThat(collected.get(name).needsUpdate()).as(name).isTrue();
            assertThat(collected.get(name).availableVersion()).as(name).isEqualTo(version);
        });
        long updates = collected.values().stream().filter(PackageEntry::needsUpdate).count();
        if (simulation.contains(" 0 not upgraded.")) {
            assertThat(updates).isEqualTo(inst.size());
        } else {
            assertThat(updates).isGreaterThan(inst.size());
        }
    }

    @Test
    void theUpdatesAreThoseAptListUpgradableLists() throws IOException {
        List<String> upgradable = run("apt", "list", "--upgradable").lines()
                .filter(l -> l.contains("[upgradable from: "))
                .map(l -> l.substring(0, l.indexOf('/')))
                .toList();

        assertThat(collected.values()).filteredOn(PackageEntry::needsUpdate).extracting(PackageEntry::name)
                .containsExactlyInAnyOrderElementsOf(upgradable);
    }

    @Test
    void securityUpdatesComeFromASecuritySuite() {
        assertThat(collected.values()).filteredOn(PackageEntry::isSecurityUpdate)
                .allSatisfy(p -> assertThat(p.sourceRepository()).contains("security"));
    }

    private static String run(String... command) throws IOException {
        CommandResult result = HOST.run(command);
        assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.stderr()).isZero();
        return result.stdout();
    }
}
