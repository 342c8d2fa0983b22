package cloud.patchmon.protocol;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproduces {@code compat/canonical_fixtures.json} (the cross-implementation hash-gate fixture of
 * PatchMon 2.x) and pins the canonicalisation rules around it. Fixture inputs are decoded with a
 * plain {@link ObjectMapper} into the wire records, which also proves the records read the agent's
 * JSON by their annotations alone.
 */
class CanonicalHashesTest {

    private static final String FIXTURE = "/compat/canonical_fixtures.json";

    private static JsonNode fixture;
    private static List<PackageEntry> packages;
    private static List<RepositoryEntry> repos;
    private static List<NetworkInterface> interfaces;
    private static DockerInventory docker;
    private static ComplianceReport compliance;

    private final CanonicalHashes hashes = new CanonicalHashes();

    @BeforeAll
    static void loadFixture() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = CanonicalHashesTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as("classpath resource %s", FIXTURE).isNotNull();
            fixture = mapper.readTree(in);
        }
        packages = mapper.convertValue(fixture.at("/packages/input"), new TypeReference<>() { });
        repos = mapper.convertValue(fixture.at("/repos/input"), new TypeReference<>() { });
        interfaces = mapper.convertValue(fixture.at("/interfaces/input"), new TypeReference<>() { });
        docker = mapper.treeToValue(fixture.at("/docker/input"), DockerInventory.class);
        compliance = mapper.treeToValue(fixture.at("/compliance/input"), ComplianceReport.class);
    }

    private static String expected(String section) {
        String hash = fixture.at("/" + section + "/expected_hash").asText();
        assertThat(hash).as("expected hash of %s", section).matches("[0-9a-f]{64}");
        return hash;
    }

    // ----- the fixture ---------------------------------------------------------------------------

    @Test
    void packagesMatchFixture() {
        assertThat(packages).hasSize(3);
        assertThat(hashes.packages(packages)).isEqualTo(expected("packages"));
    }

    @Test
    void repositoriesMatchFixture() {
        assertThat(repos).hasSize(2);
        assertThat(hashes.repositories(repos)).isEqualTo(expected("repos"));
    }

    @Test
    void interfacesMatchFixture() {
        assertThat(interfaces).hasSize(2);
        assertThat(hashes.interfaces(interfaces)).isEqualTo(expected("interfaces"));
        // The MAC address is lower-cased and the link-layer fields are not part of the row.
        assertThat(hashes.interfacesJson(interfaces)).isEqualTo("[{\"name\":\"eth0\",\"type\":\"ethernet\","
                + "\"macAddress\":\"aa:bb:cc:dd:ee:ff\",\"addresses\":[{\"address\":\"10.0.0.5\",\"family\":\"inet\","
                + "\"netmask\":\"/24\",\"gateway\":\"10.0.0.1\"},{\"address\":\"fe80::1\",\"family\":\"inet6\","
                + "\"netmask\":\"/64\",\"gateway\":\"\"}]},{\"name\":\"lo\",\"type\":\"loopback\",\"macAddress\":\"\","
                + "\"addresses\":[{\"address\":\"127.0.0.1\",\"family\":\"inet\",\"netmask\":\"/8\",\"gateway\":\"\"}]}]");
    }

    @Test
    void hostnameMatchesFixture() {
        assertThat(hashes.hostname(fixture.at("/hostname/input").asText())).isEqualTo(expected("hostname"));
    }

    @Test
    void hostnameWrittenInNfdHashesLikeNfc() {
        String nfc = fixture.at("/hostname_nfd/input_nfc").asText();
        String nfd = fixture.at("/hostname_nfd/input_nfd").asText();
        assertThat(nfc).isEqualTo("caf\u00e9.host");
        assertThat(nfd).isEqualTo("cafe\u0301.host").isNotEqualTo(nfc);
        assertThat(hashes.hostname(nfc)).isEqualTo(expected("hostname_nfd"));
        assertThat(hashes.hostname(nfd)).isEqualTo(expected("hostname_nfd"));
    }

    @Test
    void dockerMatchesFixture() {
        assertThat(docker.containers()).hasSize(2);
        assertThat(hashes.docker(docker)).isEqualTo(expected("docker"));
        assertThat(hashes.dockerJson(docker)).startsWith("{\"containers\":[{\"containerId\":\"c1\",\"name\":\"redis\",")
                .endsWith("\"networks\":[{\"networkId\":\"net1\",\"name\":\"bridge\",\"driver\":\"bridge\",\"scope\":\"local\"}],"
                        + "\"updates\":[]}");
    }

    @Test
    void complianceMatchesFixture() {
        assertThat(compliance.scans()).hasSize(1);
        assertThat(hashes.compliance(compliance)).isEqualTo(expected("compliance"));
        assertThat(hashes.complianceJson(compliance)).contains("\"score\":92.4567,\"totalRules\":100,");
    }

    // ----- order independence --------------------------------------------------------------------

    @Test
    void shuffledInputHashesTheSame() {
        Random random = new Random(20261124);
        for (int round = 0; round < 20; round++) {
            // Packages keep the relative order of the duplicate pair (last wins is order-dependent by design).
            List<PackageEntry> withoutDuplicate = new ArrayList<>(packages.subList(0, 2));
            Collections.shuffle(withoutDuplicate, random);
            assertThat(hashes.packages(withoutDuplicate)).isEqualTo(hashes.packages(packages.subList(0, 2)));
            // curl anywhere around the openssl pair: the later openssl still wins.
            List<PackageEntry> pair = new ArrayList<>(List.of(packages.get(0), packages.get(2)));
            pair.add(random.nextInt(3), packages.get(1));
            assertThat(hashes.packages(pair)).isEqualTo(expected("packages"));

            assertThat(hashes.repositories(shuffled(repos, random))).isEqualTo(expected("repos"));

            List<NetworkInterface> ifaces = new ArrayList<>();
            for (NetworkInterface i : shuffled(interfaces, random)) {
                ifaces.add(new NetworkInterface(i.name(), i.type(), i.macAddress(), i.mtu(), i.status(), i.linkSpeed(),
                        i.duplex(), shuffled(i.addresses(), random)));
            }
            assertThat(hashes.interfaces(ifaces)).isEqualTo(expected("interfaces"));

            DockerInventory d = new DockerInventory(shuffled(docker.containers(), random), shuffled(docker.images(), random),
                    shuffled(docker.volumes(), random), shuffled(docker.networks(), random), shuffled(docker.updates(), random));
            assertThat(hashes.docker(d)).isEqualTo(expected("docker"));

            List<ComplianceReport.Scan> scans = new ArrayList<>();
            for (ComplianceReport.Scan s : shuffled(compliance.scans(), random)) {
                scans.add(withResults(s, shuffled(s.results(), random)));
            }
            assertThat(hashes.compliance(new ComplianceReport(scans))).isEqualTo(expected("compliance"));
        }
    }

    @Test
    void packagesAreSortedByNameWhateverTheInputOrder() {
        List<PackageEntry> reversed = new ArrayList<>(packages);
        Collections.reverse(reversed);
        // Reversed, the surviving openssl is the fixture's first one: only its description differs.
        assertThat(hashes.packagesJson(reversed)).startsWith("[{\"name\":\"curl\",")
                .contains("\"description\":\"Cryptographic library\"");
    }

    @Test
    void wuaCategoriesAreOrderIndependentAndEmptyIsNull() {
        PackageEntry a = new PackageEntry("KB1", "", "Windows Update", "", "", true, false, "", "g", "KB1", "Critical",
                List.of("Security Updates", "Critical Updates"), "", 7);
        PackageEntry b = new PackageEntry("KB1", "", "Windows Update", "", "", true, false, "", "g", "KB1", "Critical",
                List.of("Critical Updates", "Security Updates"), "", 7);
        assertThat(hashes.packages(List.of(a))).isEqualTo(hashes.packages(List.of(b)));
        assertThat(hashes.packagesJson(List.of(a))).contains("\"wuaCategories\":[\"Critical Updates\",\"Security Updates\"]");

        PackageEntry empty = PackageEntry.of("curl", "", "", "1", "", false, false, "");
        PackageEntry emptyList = new PackageEntry("curl", "", "", "1", "", false, false, "", "", "", "", List.of(), "", 0);
        assertThat(hashes.packagesJson(List.of(emptyList))).contains("\"wuaCategories\":null");
        assertThat(hashes.packages(List.of(emptyList))).isEqualTo(hashes.packages(List.of(empty)));
    }

    // ----- last-wins deduplication ---------------------------------------------------------------

    @Test
    void duplicatePackageNamesKeepTheLastOccurrence() {
        List<PackageEntry> lastOnly = List.of(packages.get(1), packages.get(2));
        assertThat(hashes.packages(lastOnly)).isEqualTo(expected("packages"));
        List<PackageEntry> firstOnly = List.of(packages.get(1), packages.get(0));
        assertThat(hashes.packages(firstOnly)).isNotEqualTo(expected("packages"));
        assertThat(hashes.packagesJson(packages)).contains("\"description\":\"duplicate, last wins\"")
                .doesNotContain("Cryptographic library");
    }

    @Test
    void duplicateRepositoriesAreKeyedOnUrlDistributionAndComponentsNotName() {
        RepositoryEntry original = repos.get(0);
        RepositoryEntry renamed = new RepositoryEntry("ubuntu-renamed", original.url(), original.distribution(),
                original.components(), original.repoType(), false, original.isSecure());
        String json = hashes.repositoriesJson(List.of(original, repos.get(1), renamed));
        assertThat(json).contains("\"name\":\"ubuntu-renamed\"").doesNotContain("\"name\":\"ubuntu\",");
        assertThat(hashes.repositories(List.of(original, repos.get(1), renamed)))
                .isEqualTo(hashes.repositories(List.of(renamed, repos.get(1))));

        RepositoryEntry sameNameOtherComponents = new RepositoryEntry(original.name(), original.url(), original.distribution(),
                "universe", original.repoType(), true, false);
        assertThat(hashes.repositoriesJson(List.of(original, sameNameOtherComponents)))
                .contains("\"components\":\"main restricted\"").contains("\"components\":\"universe\"");
    }

    @Test
    void otherSectionsDoNotDeduplicate() {
        List<NetworkInterface> twice = List.of(interfaces.get(1), interfaces.get(1));
        assertThat(hashes.interfacesJson(twice).split("\"name\":\"lo\"")).hasSize(3);
        DockerInventory doubled = new DockerInventory(List.of(docker.containers().get(0), docker.containers().get(0)),
                null, null, null, null);
        assertThat(hashes.dockerJson(doubled).split("\"containerId\":\"c2\"")).hasSize(3);
    }

    // ----- normalisation -------------------------------------------------------------------------

    @Test
    void surroundingWhitespaceIsTrimmedGoStyle() {
        // Go's unicode.IsSpace: includes NBSP, U+3000 and NEL, which String.strip() partly misses.
        String pad = " \t\u00a0\u3000\u0085\n";
        List<PackageEntry> padded = new ArrayList<>();
        for (PackageEntry p : packages) {
            padded.add(new PackageEntry(pad + p.name() + pad, pad + p.description(), p.category() + pad, pad + p.currentVersion(),
                    p.availableVersion() + " ", p.needsUpdate(), p.isSecurityUpdate(), "\t" + p.sourceRepository(), p.wuaGuid() + pad,
                    p.wuaKb(), pad, p.wuaCategories(), " ", p.wuaRevisionNumber()));
        }
        assertThat(hashes.packages(padded)).isEqualTo(expected("packages"));

        List<RepositoryEntry> paddedRepos = new ArrayList<>();
        for (RepositoryEntry r : repos) {
            paddedRepos.add(new RepositoryEntry(" " + r.name(), r.url() + "\n", "\u2003" + r.distribution(), r.components() + " ",
                    r.repoType(), r.isEnabled(), r.isSecure()));
        }
        assertThat(hashes.repositories(paddedRepos)).isEqualTo(expected("repos"));

        assertThat(hashes.hostname("  host01.example.com\n")).isEqualTo(expected("hostname"));

        ComplianceReport.Scan s = compliance.scans().get(0);
        ComplianceReport.Scan paddedScan = new ComplianceReport.Scan(" " + s.profileName() + " ", s.profileType() + "\t", s.status(),
                s.score(), s.totalRules(), s.passed(), s.failed(), s.warnings(), s.skipped(), s.notApplicable(),
                s.remediationApplied(), s.remediationCount(), s.results());
        assertThat(hashes.compliance(new ComplianceReport(List.of(paddedScan)))).isEqualTo(expected("compliance"));
    }

    @Test
    void interiorWhitespaceAndZeroWidthCharactersAreKept() {
        assertThat(hashes.hostname("host01 .example.com")).isNotEqualTo(expected("hostname"));
        // U+200B ZERO WIDTH SPACE is not White_Space, so Go does not trim it.
        assertThat(hashes.hostname("host01.example.com\u200b")).isNotEqualTo(expected("hostname"));
        // U+001F is whitespace for Character.isWhitespace but not for Go.
        assertThat(hashes.hostname("host01.example.com\u001f")).isNotEqualTo(expected("hostname"));
    }

    @Test
    void nfdInputAnywhereHashesLikeNfc() {
        PackageEntry nfc = PackageEntry.of("caf\u00e9", "r\u00e9sum\u00e9", "", "1", "", false, false, "");
        PackageEntry nfd = PackageEntry.of("cafe\u0301", "re\u0301sume\u0301", "", "1", "", false, false, "");
        assertThat(hashes.packages(List.of(nfd))).isEqualTo(hashes.packages(List.of(nfc)));
    }

    @Test
    void missingStringsHashLikeEmptyStrings() {
        NetworkInterface lo = interfaces.get(1);
        NetworkInterface loWithNulls = new NetworkInterface(lo.name(), lo.type(), null, null, null, null, null,
                List.of(new NetworkInterface.Address("127.0.0.1", "inet", "/8", null)));
        assertThat(hashes.interfaces(List.of(loWithNulls))).isEqualTo(hashes.interfaces(List.of(lo)));
        assertThat(hashes.packages(null)).isEqualTo(hashes.packages(List.of())).isEqualTo(sha256("[]"));
        assertThat(hashes.repositories(null)).isEqualTo(sha256("[]"));
        assertThat(hashes.interfaces(List.of())).isEqualTo(sha256("[]"));
        assertThat(hashes.dockerJson(new DockerInventory(null, null, null, null, null)))
                .isEqualTo("{\"containers\":[],\"images\":[],\"volumes\":[],\"networks\":[],\"updates\":[]}");
        assertThat(hashes.docker(null)).isEqualTo(sha256("null"));
        assertThat(hashes.complianceJson(new ComplianceReport(null))).isEqualTo("{\"scans\":[]}");
        assertThat(hashes.compliance(null)).isEqualTo(sha256("null"));
        assertThat(hashes.hostname(null)).isEqualTo(sha256(""));
    }

    @Test
    void linkLayerFieldsAndMacCaseDoNotChangeTheInterfacesHash() {
        List<NetworkInterface> volatileFields = new ArrayList<>();
        for (NetworkInterface i : interfaces) {
            volatileFields.add(new NetworkInterface(i.name(), i.type(), i.macAddress().toLowerCase(java.util.Locale.ROOT), 9000, "down",
                    1000, "half", i.addresses()));
        }
        assertThat(hashes.interfaces(volatileFields)).isEqualTo(expected("interfaces"));
    }

    @Test
    void stringsSortByCodePointLikeGoNotByUtf16() {
        // U+FF21 (fullwidth A) sorts before U+1F600 in UTF-8/code point order, after it in UTF-16 order.
        PackageEntry emoji = PackageEntry.of("\uD83D\uDE00", "", "", "1", "", false, false, "");
        PackageEntry fullwidth = PackageEntry.of("\uFF21", "", "", "1", "", false, false, "");
        assertThat(hashes.packagesJson(List.of(emoji, fullwidth))).startsWith("[{\"name\":\"\uFF21\"");
    }

    @Test
    void scoresAreRoundedHalfAwayFromZeroToFourPlaces() {
        assertThat(CanonicalHashes.roundFloat(92.45665, 4)).isEqualTo(92.4567);
        assertThat(CanonicalHashes.roundFloat(92.45675, 4)).isEqualTo(92.4568);
        assertThat(CanonicalHashes.roundFloat(-0.00005, 4)).isEqualTo(-0.0001);
        assertThat(CanonicalHashes.roundFloat(99.99995, 4)).isEqualTo(100.0);
        assertThat(CanonicalHashes.roundFloat(Double.NaN, 4)).isEqualTo(0.0);
        assertThat(CanonicalHashes.roundFloat(Double.POSITIVE_INFINITY, 4)).isEqualTo(0.0);
        assertThat(GoJsonWriter.formatFloat64(CanonicalHashes.roundFloat(-2.5e-5, 4))).isEqualTo("-0");

        ComplianceReport.Scan s = compliance.scans().get(0);
        ComplianceReport.Scan noisy = new ComplianceReport.Scan(s.profileName(), s.profileType(), s.status(), 92.45670000001,
                s.totalRules(), s.passed(), s.failed(), s.warnings(), s.skipped(), s.notApplicable(), s.remediationApplied(),
                s.remediationCount(), s.results());
        assertThat(hashes.compliance(new ComplianceReport(List.of(noisy)))).isEqualTo(expected("compliance"));
        ComplianceReport.Scan whole = withScore(s, 100.0);
        assertThat(hashes.complianceJson(new ComplianceReport(List.of(whole)))).contains("\"score\":100,");
    }

    // ----- sensitivity ---------------------------------------------------------------------------

    @Test
    void changingOneFieldChangesTheHash() {
        PackageEntry curl = packages.get(1);
        List<PackageEntry> bumped = List.of(packages.get(0), new PackageEntry(curl.name(), curl.description(), curl.category(),
                curl.currentVersion(), "7.81.1", true, curl.isSecurityUpdate(), curl.sourceRepository(), curl.wuaGuid(), curl.wuaKb(),
                curl.wuaSeverity(), curl.wuaCategories(), curl.wuaSupportUrl(), curl.wuaRevisionNumber()), packages.get(2));
        assertThat(hashes.packages(bumped)).isNotEqualTo(expected("packages"));

        RepositoryEntry r = repos.get(1);
        assertThat(hashes.repositories(List.of(repos.get(0), new RepositoryEntry(r.name(), r.url(), r.distribution(), r.components(),
                r.repoType(), false, r.isSecure())))).isNotEqualTo(expected("repos"));

        NetworkInterface eth0 = interfaces.get(0);
        List<NetworkInterface.Address> moved = new ArrayList<>(eth0.addresses());
        moved.set(0, new NetworkInterface.Address("10.0.0.6", "inet", "/24", "10.0.0.1"));
        assertThat(hashes.interfaces(List.of(NetworkInterface.of("eth0", "ethernet", eth0.macAddress(), moved), interfaces.get(1))))
                .isNotEqualTo(expected("interfaces"));

        assertThat(hashes.hostname("host02.example.com")).isNotEqualTo(expected("hostname"));
        assertThat(hashes.hostname("HOST01.example.com")).isNotEqualTo(expected("hostname"));

        DockerInventory.Image img = docker.images().get(0);
        DockerInventory resized = new DockerInventory(docker.containers(), List.of(new DockerInventory.Image(img.repository(), img.tag(),
                img.imageId(), img.digest(), img.sizeBytes() + 1)), docker.volumes(), docker.networks(), docker.updates());
        assertThat(hashes.docker(resized)).isNotEqualTo(expected("docker"));
        DockerInventory withUpdate = new DockerInventory(docker.containers(), docker.images(), docker.volumes(), docker.networks(),
                List.of(new DockerInventory.ImageUpdate("nginx", "1.25", "1.27", "sha256:abc", "sha256:def", "sha256:img2")));
        assertThat(hashes.docker(withUpdate)).isNotEqualTo(expected("docker"));

        assertThat(hashes.compliance(new ComplianceReport(List.of(withScore(compliance.scans().get(0), 92.4568)))))
                .isNotEqualTo(expected("compliance"));
    }

    // ----- helpers -------------------------------------------------------------------------------

    private static <T> List<T> shuffled(List<T> list, Random random) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static ComplianceReport.Scan withResults(ComplianceReport.Scan s, List<ComplianceReport.Result> results) {
        return new ComplianceReport.Scan(s.profileName(), s.profileType(), s.status(), s.score(), s.totalRules(), s.passed(),
                s.failed(), s.warnings(), s.skipped(), s.notApplicable(), s.remediationApplied(), s.remediationCount(), results);
    }

    private static ComplianceReport.Scan withScore(ComplianceReport.Scan s, double score) {
        return new ComplianceReport.Scan(s.profileName(), s.profileType(), s.status(), score, s.totalRules(), s.passed(),
                s.failed(), s.warnings(), s.skipped(), s.notApplicable(), s.remediationApplied(), s.remediationCount(), s.results());
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
