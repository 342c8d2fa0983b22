package cloud.patchmon.core.tenants;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** URL-safe organisation slugs derived from tenant names. */
public final class Slugs {

    static final int MAX_LENGTH = 40;
    private static final Set<String> RESERVED = Set.of("api", "admin", "system", "www", "app", "login", "signup", "auth", "static", "assets");

    private Slugs() {
    }

    /** Lowercase ASCII letters, digits and single hyphens; never empty, never reserved. */
    public static String of(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > MAX_LENGTH) {
            slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        if (slug.isEmpty() || RESERVED.contains(slug)) {
            slug = "org" + (slug.isEmpty() ? "" : "-" + slug);
        }
        return slug;
    }

    public static boolean isValid(String slug) {
        return slug != null && slug.matches("[a-z0-9]+(-[a-z0-9]+)*") && slug.length() <= MAX_LENGTH + 7;
    }
}
