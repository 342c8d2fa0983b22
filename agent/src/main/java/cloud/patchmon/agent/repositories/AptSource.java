package cloud.patchmon.agent.repositories;

/**
 * One apt source: a type, URI and suite (a one-line entry, or one type × URI × suite of a deb822 stanza).
 *
 * @param type       {@code deb} or {@code deb-src}
 * @param suite      a suite such as {@code bookworm-updates}, or an exact path ending in {@code /}
 * @param components space separated; empty for an exact path
 * @param name       the stanza's {@code X-Repolib-Name}, or derived from the URI and suite
 */
record AptSource(String type, String uri, String suite, String components, String name) {

    static final String DEB = "deb";
    static final String DEB_SRC = "deb-src";

    static boolean isType(String word) {
        return DEB.equals(word) || DEB_SRC.equals(word);
    }

    /** sources.list(5): a suite ending in {@code /} is an exact path and takes no components; any other needs one. */
    static boolean componentsFit(String suite, String components) {
        return suite.endsWith("/") == components.isBlank();
    }

    /** apt needs a URI with a scheme ({@code http:}, {@code cdrom:}, {@code mirror+file:}). */
    static boolean isUri(String word) {
        return !RepositoryUrls.scheme(word).isEmpty();
    }
}
