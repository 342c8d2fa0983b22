package cloud.patchmon.agent.repositories;

import java.util.Locale;

/** Facts about a repository URL as written in a package manager's configuration. */
final class RepositoryUrls {

    private RepositoryUrls() {
    }

    /**
     * Spec ch. 7: secure means the URL starts with {@code https://}. Wrapped transports such as
     * {@code mirror+https://} or {@code pkg+https://} are not, matching the server, which decides the
     * flag from the URL with the same rule.
     */
    static boolean isSecure(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("https://");
    }

    /** The URL without {@code user:password@}: credentials must not leave the host. */
    static String withoutCredentials(String url) {
        int authority = url.indexOf("://");
        if (authority < 0) {
            return url;
        }
        int start = authority + 3;
        int end = authorityEnd(url, start);
        int at = url.lastIndexOf('@', end - 1);
        return at >= start ? url.substring(0, start) + url.substring(at + 1) : url;
    }

    /** The host name, lower-cased, without port; empty for URLs without one ({@code cdrom:}, {@code file:/srv}, a path). */
    static String host(String url) {
        int authority = url.indexOf("://");
        if (authority < 0) {
            return "";
        }
        int start = authority + 3;
        String hostPort = url.substring(start, authorityEnd(url, start));
        hostPort = hostPort.substring(hostPort.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return (close > 0 ? hostPort.substring(1, close) : hostPort.substring(1)).toLowerCase(Locale.ROOT);
        }
        int colon = hostPort.indexOf(':');
        return (colon >= 0 ? hostPort.substring(0, colon) : hostPort).toLowerCase(Locale.ROOT);
    }

    /** The scheme ({@code http}, {@code cdrom}, {@code mirror+file}), lower-cased; empty for a plain path. */
    static String scheme(String url) {
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return "";
        }
        String scheme = url.substring(0, colon);
        return scheme.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')
                ? scheme.toLowerCase(Locale.ROOT)
                : "";
    }

    /** The server's identity of a URL ignores trailing slashes; so does the agent's de-duplication. */
    static String identity(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/") && !trimmed.endsWith("://")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static int authorityEnd(String url, int start) {
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return url.length();
    }
}
