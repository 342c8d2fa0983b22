package cloud.patchmon.agent.repositories;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names for repositories whose configuration has none (apt lines, apk URLs): the host and the
 * distribution, e.g. {@code deb-debian-bookworm} for {@code http://deb.debian.org/debian bookworm main}.
 * The shape is the upstream agent's, so a fleet running both agents shows one name per repository,
 * and it is what the web UI expects when it strips a leading {@code deb-} for display.
 */
final class RepositoryNames {

    private RepositoryNames() {
    }

    /**
     * @param distribution the suite or release; a flat-repository suite such as {@code ./} adds nothing
     * @param components   space separated; a single component other than {@code main} is appended
     */
    static String derived(String url, String distribution, String components) {
        List<String> parts = new ArrayList<>();
        parts.add(hostLabel(url));
        parts.add(distribution.replace("/", " ").trim());
        String[] comps = components.trim().split("\\s+");
        if (comps.length == 1 && !comps[0].isEmpty() && !comps[0].equals("main")) {
            parts.add(comps[0]);
        }
        return slug(String.join("-", parts));
    }

    /** A configured label made name-like: {@code Pop!_OS Apps} becomes {@code pop-_os-apps}. */
    static String label(String label) {
        return label.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
    }

    private static String hostLabel(String url) {
        String host = RepositoryUrls.host(url);
        if (host.isEmpty()) {
            String scheme = RepositoryUrls.scheme(url);
            return scheme.isEmpty() ? "local" : scheme;
        }
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        for (String suffix : List.of(".com", ".org", ".net")) {
            if (host.endsWith(suffix)) {
                return host.substring(0, host.length() - suffix.length());
            }
        }
        return host;
    }

    private static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("-{2,}", "-");
        return slug.replaceAll("^-|-$", "");
    }
}
