package cloud.patchmon.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The canonical per-section SHA-256 hashes of the hash-gated agent check-in
 * ({@code packagesHash}, {@code reposHash}, {@code interfacesHash}, {@code hostnameHash},
 * {@code dockerHash}, {@code complianceHash}), byte-compatible with PatchMon 2.x (agent
 * {@code internal/hashing}, server {@code internal/handler/hash_canonical.go}) and pinned by
 * {@code compat/canonical_fixtures.json}.
 *
 * <p>Every section is built the same way: project the wire records onto fixed "hash rows" (a subset
 * of fields, in the Go struct declaration order), normalise every string (NFC, then trim Go's
 * {@code unicode.IsSpace} characters; {@code null} becomes {@code ""}), sort stably by the section's
 * key comparing strings by code point (= Go's byte-wise UTF-8 {@code <}), dedupe where the section
 * dedupes (last occurrence in input order wins), encode as Go's {@code json.Marshal} would (see
 * {@link GoJsonWriter}) and return the lowercase hex SHA-256 of the UTF-8 bytes. The hostname is the
 * exception: its hash is over the normalised string itself, with no JSON.
 *
 * <p>Stateless and thread-safe.
 */
public final class CanonicalHashes {

    private static final HexFormat HEX = HexFormat.of();

    /** Compliance scores are hashed rounded to this many decimal places. */
    private static final int SCORE_DIGITS = 4;

    public CanonicalHashes() {
    }

    /**
     * {@code packagesHash}: rows {@code name, description, category, currentVersion, availableVersion,
     * needsUpdate, isSecurityUpdate, sourceRepository, wuaGuid, wuaKb, wuaSeverity, wuaCategories,
     * wuaSupportUrl, wuaRevisionNumber}, sorted by name, deduplicated by name (last wins).
     * {@code wuaCategories} is {@code null} when absent or empty, otherwise sorted (on the raw values)
     * and then normalised.
     */
    public String packages(List<PackageEntry> packages) {
        return sha256Hex(packagesJson(packages));
    }

    /**
     * {@code reposHash}: rows {@code name, url, distribution, components, repoType, isEnabled,
     * isSecure}, sorted by (url, distribution, components) and deduplicated on
     * {@code url + "|" + distribution + "|" + components} (last wins).
     */
    public String repositories(List<RepositoryEntry> repositories) {
        return sha256Hex(repositoriesJson(repositories));
    }

    /**
     * {@code interfacesHash}: rows {@code name, type, macAddress (lower-cased), addresses[address,
     * family, netmask, gateway]}, interfaces sorted by name, addresses by (family, address); no
     * deduplication; mtu, status, linkSpeed and duplex are not hashed.
     */
    public String interfaces(List<NetworkInterface> interfaces) {
        return sha256Hex(interfacesJson(interfaces));
    }

    /** {@code hostnameHash}: SHA-256 of the UTF-8 bytes of the normalised hostname (no JSON). */
    public String hostname(String hostname) {
        return sha256Hex(nfc(hostname));
    }

    /**
     * {@code dockerHash}: {@code {"containers":[…],"images":[…],"volumes":[…],"networks":[…],"updates":[…]}}
     * with camelCase row keys; containers sorted by containerId, images by (repository, tag, imageId),
     * volumes by volumeId, networks by networkId, updates by (repository, currentTag, imageId); no
     * deduplication. A {@code null} inventory hashes the bytes {@code null}.
     */
    public String docker(DockerInventory inventory) {
        return sha256Hex(dockerJson(inventory));
    }

    /**
     * {@code complianceHash}: {@code {"scans":[…]}} with camelCase row keys, scans sorted by
     * (profileName, profileType), results by (ruleRef, status), score rounded half away from zero to
     * 4 decimal places (NaN and infinities become 0); timestamps are not hashed; no deduplication. A
     * {@code null} report hashes the bytes {@code null}.
     */
    public String compliance(ComplianceReport report) {
        return sha256Hex(complianceJson(report));
    }

    // ----- canonical JSON (package-private for tests) --------------------------------------------

    String packagesJson(List<PackageEntry> packages) {
        record Row(String name, PackageEntry p, List<String> categories) {
        }
        List<Row> rows = new ArrayList<>();
        for (PackageEntry p : orEmpty(packages)) {
            PackageEntry e = p != null ? p : new PackageEntry(null, null, null, null, null, false, false, null, null, null, null, null, null, 0);
            rows.add(new Row(nfc(e.name()), e, wuaCategories(e.wuaCategories())));
        }
        rows.sort(Comparator.comparing(Row::name, CanonicalHashes::compareCodePoints));
        rows = lastWins(rows, Row::name);
        GoJsonWriter w = new GoJsonWriter().beginArray();
        for (Row r : rows) {
            PackageEntry p = r.p();
            w.beginObject()
                    .field("name", r.name())
                    .field("description", nfc(p.description()))
                    .field("category", nfc(p.category()))
                    .field("currentVersion", nfc(p.currentVersion()))
                    .field("availableVersion", nfc(p.availableVersion()))
                    .field("needsUpdate", p.needsUpdate())
                    .field("isSecurityUpdate", p.isSecurityUpdate())
                    .field("sourceRepository", nfc(p.sourceRepository()))
                    .field("wuaGuid", nfc(p.wuaGuid()))
                    .field("wuaKb", nfc(p.wuaKb()))
                    .field("wuaSeverity", nfc(p.wuaSeverity()))
                    .name("wuaCategories");
            if (r.categories() == null) {
                w.nullValue();
            } else {
                w.beginArray();
                r.categories().forEach(w::value);
                w.endArray();
            }
            w.field("wuaSupportUrl", nfc(p.wuaSupportUrl()))
                    .field("wuaRevisionNumber", p.wuaRevisionNumber())
                    .endObject();
        }
        return w.endArray().toString();
    }

    String repositoriesJson(List<RepositoryEntry> repositories) {
        record Row(String name, String url, String distribution, String components, String repoType,
                   boolean isEnabled, boolean isSecure) {
            String key() {
                return url + "|" + distribution + "|" + components;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (RepositoryEntry r : orEmpty(repositories)) {
            rows.add(r == null ? new Row("", "", "", "", "", false, false)
                    : new Row(nfc(r.name()), nfc(r.url()), nfc(r.distribution()), nfc(r.components()), nfc(r.repoType()),
                    r.isEnabled(), r.isSecure()));
        }
        rows.sort(Comparator.comparing(Row::url, CanonicalHashes::compareCodePoints)
                .thenComparing(Row::distribution, CanonicalHashes::compareCodePoints)
                .thenComparing(Row::components, CanonicalHashes::compareCodePoints));
        rows = lastWins(rows, Row::key);
        GoJsonWriter w = new GoJsonWriter().beginArray();
        for (Row r : rows) {
            w.beginObject()
                    .field("name", r.name())
                    .field("url", r.url())
                    .field("distribution", r.distribution())
                    .field("components", r.components())
                    .field("repoType", r.repoType())
                    .field("isEnabled", r.isEnabled())
                    .field("isSecure", r.isSecure())
                    .endObject();
        }
        return w.endArray().toString();
    }

    String interfacesJson(List<NetworkInterface> interfaces) {
        record Addr(String address, String family, String netmask, String gateway) {
        }
        record Row(String name, String type, String macAddress, List<Addr> addresses) {
        }
        List<Row> rows = new ArrayList<>();
        for (NetworkInterface i : orEmpty(interfaces)) {
            NetworkInterface n = i != null ? i : NetworkInterface.of(null, null, null, null);
            List<Addr> addrs = new ArrayList<>();
            for (NetworkInterface.Address a : orEmpty(n.addresses())) {
                addrs.add(a == null ? new Addr("", "", "", "")
                        : new Addr(nfc(a.address()), nfc(a.family()), nfc(a.netmask()), nfc(a.gateway())));
            }
            addrs.sort(Comparator.comparing(Addr::family, CanonicalHashes::compareCodePoints)
                    .thenComparing(Addr::address, CanonicalHashes::compareCodePoints));
            rows.add(new Row(nfc(n.name()), nfc(n.type()), toLower(nfc(n.macAddress())), addrs));
        }
        rows.sort(Comparator.comparing(Row::name, CanonicalHashes::compareCodePoints));
        GoJsonWriter w = new GoJsonWriter().beginArray();
        for (Row r : rows) {
            w.beginObject()
                    .field("name", r.name())
                    .field("type", r.type())
                    .field("macAddress", r.macAddress())
                    .name("addresses").beginArray();
            for (Addr a : r.addresses()) {
                w.beginObject()
                        .field("address", a.address())
                        .field("family", a.family())
                        .field("netmask", a.netmask())
                        .field("gateway", a.gateway())
                        .endObject();
            }
            w.endArray().endObject();
        }
        return w.endArray().toString();
    }

    String dockerJson(DockerInventory inventory) {
        if (inventory == null) {
            return "null";
        }
        record Container(String containerId, String name, String imageRepository, String imageTag, String imageId,
                         String status, String state) {
        }
        record Image(String repository, String tag, String imageId, String digest, long sizeBytes) {
        }
        record Volume(String volumeId, String name, String driver, String scope) {
        }
        record Network(String networkId, String name, String driver, String scope) {
        }
        record Update(String repository, String currentTag, String availableTag, String currentDigest,
                      String availableDigest, String imageId) {
        }

        List<Container> containers = new ArrayList<>();
        for (DockerInventory.Container c : orEmpty(inventory.containers())) {
            containers.add(c == null ? new Container("", "", "", "", "", "", "")
                    : new Container(nfc(c.containerId()), nfc(c.name()), nfc(c.imageRepository()), nfc(c.imageTag()),
                    nfc(c.imageId()), nfc(c.status()), nfc(c.state())));
        }
        containers.sort(Comparator.comparing(Container::containerId, CanonicalHashes::compareCodePoints));

        List<Image> images = new ArrayList<>();
        for (DockerInventory.Image i : orEmpty(inventory.images())) {
            images.add(i == null ? new Image("", "", "", "", 0)
                    : new Image(nfc(i.repository()), nfc(i.tag()), nfc(i.imageId()), nfc(i.digest()), i.sizeBytes()));
        }
        images.sort(Comparator.comparing(Image::repository, CanonicalHashes::compareCodePoints)
                .thenComparing(Image::tag, CanonicalHashes::compareCodePoints)
                .thenComparing(Image::imageId, CanonicalHashes::compareCodePoints));

        List<Volume> volumes = new ArrayList<>();
        for (DockerInventory.Volume v : orEmpty(inventory.volumes())) {
            volumes.add(v == null ? new Volume("", "", "", "")
                    : new Volume(nfc(v.volumeId()), nfc(v.name()), nfc(v.driver()), nfc(v.scope())));
        }
        volumes.sort(Comparator.comparing(Volume::volumeId, CanonicalHashes::compareCodePoints));

        List<Network> networks = new ArrayList<>();
        for (DockerInventory.Network n : orEmpty(inventory.networks())) {
            networks.add(n == null ? new Network("", "", "", "")
                    : new Network(nfc(n.networkId()), nfc(n.name()), nfc(n.driver()), nfc(n.scope())));
        }
        networks.sort(Comparator.comparing(Network::networkId, CanonicalHashes::compareCodePoints));

        List<Update> updates = new ArrayList<>();
        for (DockerInventory.ImageUpdate u : orEmpty(inventory.updates())) {
            updates.add(u == null ? new Update("", "", "", "", "", "")
                    : new Update(nfc(u.repository()), nfc(u.currentTag()), nfc(u.availableTag()), nfc(u.currentDigest()),
                    nfc(u.availableDigest()), nfc(u.imageId())));
        }
        updates.sort(Comparator.comparing(Update::repository, CanonicalHashes::compareCodePoints)
                .thenComparing(Update::currentTag, CanonicalHashes::compareCodePoints)
                .thenComparing(Update::imageId, CanonicalHashes::compareCodePoints));

        GoJsonWriter w = new GoJsonWriter().beginObject();
        w.name("containers").beginArray();
        for (Container c : containers) {
            w.beginObject()
                    .field("containerId", c.containerId())
                    .field("name", c.name())
                    .field("imageRepository", c.imageRepository())
                    .field("imageTag", c.imageTag())
                    .field("imageId", c.imageId())
                    .field("status", c.status())
                    .field("state", c.state())
                    .endObject();
        }
        w.endArray().name("images").beginArray();
        for (Image i : images) {
            w.beginObject()
                    .field("repository", i.repository())
                    .field("tag", i.tag())
                    .field("imageId", i.imageId())
                    .field("digest", i.digest())
                    .field("sizeBytes", i.sizeBytes())
                    .endObject();
        }
        w.endArray().name("volumes").beginArray();
        for (Volume v : volumes) {
            w.beginObject()
                    .field("volumeId", v.volumeId())
                    .field("name", v.name())
                    .field("driver", v.driver())
                    .field("scope", v.scope())
                    .endObject();
        }
        w.endArray().name("networks").beginArray();
        for (Network n : networks) {
            w.beginObject()
                    .field("networkId", n.networkId())
                    .field("name", n.name())
                    .field("driver", n.driver())
                    .field("scope", n.scope())
                    .endObject();
        }
        w.endArray().name("updates").beginArray();
        for (Update u : updates) {
            w.beginObject()
                    .field("repository", u.repository())
                    .field("currentTag", u.currentTag())
                    .field("availableTag", u.availableTag())
                    .field("currentDigest", u.currentDigest())
                    .field("availableDigest", u.availableDigest())
                    .field("imageId", u.imageId())
                    .endObject();
        }
        return w.endArray().endObject().toString();
    }

    String complianceJson(ComplianceReport report) {
        if (report == null) {
            return "null";
        }
        record Result(String ruleRef, String status, String severity, String section, String title,
                      String description, String finding, String actual, String expected, String remediation) {
        }
        record Scan(String profileName, String profileType, ComplianceReport.Scan s, List<Result> results) {
        }
        List<Scan> scans = new ArrayList<>();
        for (ComplianceReport.Scan s : orEmpty(report.scans())) {
            ComplianceReport.Scan scan = s != null ? s
                    : new ComplianceReport.Scan(null, null, null, 0, 0, 0, 0, 0, 0, 0, false, 0, null);
            List<Result> results = new ArrayList<>();
            for (ComplianceReport.Result r : orEmpty(scan.results())) {
                results.add(r == null ? new Result("", "", "", "", "", "", "", "", "", "")
                        : new Result(nfc(r.ruleRef()), nfc(r.status()), nfc(r.severity()), nfc(r.section()), nfc(r.title()),
                        nfc(r.description()), nfc(r.finding()), nfc(r.actual()), nfc(r.expected()), nfc(r.remediation())));
            }
            results.sort(Comparator.comparing(Result::ruleRef, CanonicalHashes::compareCodePoints)
                    .thenComparing(Result::status, CanonicalHashes::compareCodePoints));
            scans.add(new Scan(nfc(scan.profileName()), nfc(scan.profileType()), scan, results));
        }
        scans.sort(Comparator.comparing(Scan::profileName, CanonicalHashes::compareCodePoints)
                .thenComparing(Scan::profileType, CanonicalHashes::compareCodePoints));

        GoJsonWriter w = new GoJsonWriter().beginObject().name("scans").beginArray();
        for (Scan row : scans) {
            ComplianceReport.Scan s = row.s();
            w.beginObject()
                    .field("profileName", row.profileName())
                    .field("profileType", row.profileType())
                    .field("status", nfc(s.status()))
                    .field("score", roundFloat(s.score(), SCORE_DIGITS))
                    .field("totalRules", s.totalRules())
                    .field("passed", s.passed())
                    .field("failed", s.failed())
                    .field("warnings", s.warnings())
                    .field("skipped", s.skipped())
                    .field("notApplicable", s.notApplicable())
                    .field("remediationApplied", s.remediationApplied())
                    .field("remediationCount", s.remediationCount())
                    .name("results").beginArray();
            for (Result r : row.results()) {
                w.beginObject()
                        .field("ruleRef", r.ruleRef())
                        .field("status", r.status())
                        .field("severity", r.severity())
                        .field("section", r.section())
                        .field("title", r.title())
                        .field("description", r.description())
                        .field("finding", r.finding())
                        .field("actual", r.actual())
                        .field("expected", r.expected())
                        .field("remediation", r.remediation())
                        .endObject();
            }
            w.endArray().endObject();
        }
        return w.endArray().endObject().toString();
    }

    // ----- normalisation helpers (package-private for tests) ------------------------------------

    /**
     * Go's {@code strings.TrimSpace(norm.NFC.String(s))}; {@code null} is {@code ""}. Unpaired
     * surrogates become U+FFFD first, as Go's JSON decoder would have delivered them.
     */
    static String nfc(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String normalized = Normalizer.normalize(replaceUnpairedSurrogates(s), Normalizer.Form.NFC);
        int start = 0;
        int end = normalized.length();
        while (start < end && isGoSpace(normalized.charAt(start))) {
            start++;
        }
        while (end > start && isGoSpace(normalized.charAt(end - 1))) {
            end--;
        }
        return normalized.substring(start, end);
    }

    /**
     * Go's {@code unicode.IsSpace}: the Unicode White_Space property. Differs from
     * {@link Character#isWhitespace} (which excludes U+00A0, U+2007 and U+202F and includes
     * U+001C–U+001F) and from {@link String#strip}. All such characters are in the BMP.
     */
    static boolean isGoSpace(char c) {
        return (c >= '\t' && c <= '\r') || c == ' ' || c == '\u0085' || c == '\u00A0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A') || c == '\u2028' || c == '\u2029' || c == '\u202F'
                || c == '\u205F' || c == '\u3000';
    }

    /** Go's {@code strings.ToLower}: a per-code-point simple lower-case mapping, no locale, no context. */
    static String toLower(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.toLowerCase(cp)));
        return sb.toString();
    }

    /** Go's string {@code <}: byte-wise UTF-8 order, which is code point order (not UTF-16 order). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Go's {@code math.Round(v*10^digits)/10^digits}, with NaN and infinities mapped to 0. */
    static double roundFloat(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return 0;
        }
        double mul = Math.pow(10, digits);
        return roundHalfAwayFromZero(v * mul) / mul;
    }

    /** Go's {@code math.Round}: half away from zero, exact, sign (and -0) preserved. */
    static double roundHalfAwayFromZero(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x) || Double.isInfinite(x) || a >= 0x1p52) {
            return x;
        }
        double t = Math.floor(a);
        if (a - t >= 0.5) {
            t += 1;
        }
        return Math.copySign(t, x);
    }

    // ----- internals -----------------------------------------------------------------------------

    /**
     * The agent's {@code append([]string(nil), cats...)}, {@code sort.Strings}, then NFC each: empty
     * or absent is {@code nil} (JSON {@code null}); sorting happens on the raw values.
     */
    private static List<String> wuaCategories(List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        List<String> cats = new ArrayList<>(raw.size());
        for (String c : raw) {
            cats.add(c == null ? "" : replaceUnpairedSurrogates(c));
        }
        cats.sort(CanonicalHashes::compareCodePoints);
        cats.replaceAll(CanonicalHashes::nfc);
        return cats;
    }

    /**
     * Keeps, for each key, only its last row (rows already stably sorted, so the last in input order)
     * — the Go code's "index map, keep {@code idx[key] == i}" dedupe.
     */
    private static <T> List<T> lastWins(List<T> rows, Function<T, String> key) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            last.put(key.apply(rows.get(i)), i);
        }
        if (last.size() == rows.size()) {
            return rows;
        }
        List<T> kept = new ArrayList<>(last.size());
        for (int i = 0; i < rows.size(); i++) {
            if (last.get(key.apply(rows.get(i))) == i) {
                kept.add(rows.get(i));
            }
        }
        return kept;
    }

    private static String replaceUnpairedSurrogates(String s) {
        StringBuilder sb = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (sb != null) {
                    sb.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (sb == null) {
                    sb = new StringBuilder(n).append(s, 0, i);
                }
                sb.append('\uFFFD');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String sha256Hex(String canonical) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HEX.formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JCA algorithm", e);
        }
    }
}
