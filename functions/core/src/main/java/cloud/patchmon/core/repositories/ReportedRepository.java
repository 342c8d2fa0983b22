package cloud.patchmon.core.repositories;

import cloud.patchmon.protocol.RepositoryEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One host's repository as the fleet view identifies it: (URL, distribution, components), the
 * upstream uniqueness rule, hashed to a stable id. Several agent entries with one identity (a
 * {@code deb} and a {@code deb-src} line of the same source) are one repository for the host.
 */
public record ReportedRepository(String id, String url, String distribution, String components, String repoType, String name,
                                 boolean enabled) {

    /** Chapter 7: secure is decided by the URL alone, whatever the agent claims. */
    public boolean secure() {
        return url.toLowerCase(Locale.ROOT).startsWith("https://");
    }

    /** The host's repositories by id, in report order; entries without a URL identify nothing and are skipped. */
    public static Map<String, ReportedRepository> of(List<RepositoryEntry> entries) {
        Map<String, ReportedRepository> byId = new LinkedHashMap<>();
        if (entries == null) {
            return byId;
        }
        for (RepositoryEntry e : entries) {
            if (e == null || e.url() == null || e.url().isBlank()) {
                continue;
            }
            String url = normaliseUrl(e.url());
            String distribution = trim(e.distribution());
            String components = trim(e.components());
            String id = idOf(url, distribution, components);
            ReportedRepository first = byId.get(id);
            if (first == null) {
                byId.put(id, new ReportedRepository(id, url, distribution, components, trim(e.repoType()), trim(e.name()), e.isEnabled()));
            } else if (e.isEnabled() && !first.enabled()) {
                byId.put(id, new ReportedRepository(id, first.url(), distribution, components, first.repoType(), first.name(), true));
            }
        }
        return byId;
    }

    /** @return the entry's repository id, or {@code null} for an entry without a URL */
    public static String idOf(RepositoryEntry entry) {
        if (entry == null || entry.url() == null || entry.url().isBlank()) {
            return null;
        }
        return idOf(normaliseUrl(entry.url()), trim(entry.distribution()), trim(entry.components()));
    }

    /** A trailing slash does not make another source: {@code …/debian/} and {@code …/debian} are one. */
    static String normaliseUrl(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/") && !trimmed.endsWith("://")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static String idOf(String url, String distribution, String components) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((url + "\n" + distribution + "\n" + components).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
