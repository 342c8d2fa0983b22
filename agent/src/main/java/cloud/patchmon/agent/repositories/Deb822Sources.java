package cloud.patchmon.agent.repositories;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The deb822 format of {@code sources.list.d/*.sources}: each stanza is one source per
 * type × URI × suite of its {@code Types}, {@code URIs} and {@code Suites}. A stanza with
 * {@code Enabled: no} is skipped like apt skips it; a malformed one is skipped with a debug log.
 */
final class Deb822Sources {

    private static final System.Logger LOG = System.getLogger(Deb822Sources.class.getName());

    /** apt's StringToBool false words; anything else leaves the stanza enabled, as in apt. */
    private static final Set<String> FALSE = Set.of("no", "false", "without", "off", "disable");

    /** @param file the file's path, for the debug log */
    List<AptSource> parse(String text, String file) {
        List<AptSource> sources = new ArrayList<>();
        for (Deb822Paragraphs.Paragraph stanza : Deb822Paragraphs.parse(text)) {
            String where = file + ":" + stanza.line();
            if (stanza.malformed()) {
                LOG.log(Level.DEBUG, "skipping malformed deb822 stanza at {0}", where);
                continue;
            }
            if (stanza.field("Enabled").map(v -> FALSE.contains(v.trim().toLowerCase(Locale.ROOT))).orElse(false)) {
                LOG.log(Level.DEBUG, "skipping disabled deb822 stanza at {0}", where);
                continue;
            }
            sources.addAll(sources(stanza, where));
        }
        return sources;
    }

    private static List<AptSource> sources(Deb822Paragraphs.Paragraph stanza, String where) {
        List<String> types = words(stanza, "Types");
        List<String> uris = words(stanza, "URIs");
        List<String> suites = words(stanza, "Suites");
        String components = String.join(" ", words(stanza, "Components"));
        if (types.isEmpty() || uris.isEmpty() || suites.isEmpty()) {
            LOG.log(Level.DEBUG, "skipping deb822 stanza at {0}: Types, URIs and Suites are required", where);
            return List.of();
        }
        String label = stanza.field("X-Repolib-Name").filter(v -> !v.isBlank()).map(RepositoryNames::label).orElse(null);
        List<AptSource> sources = new ArrayList<>();
        for (String type : types) {
            if (!AptSource.isType(type)) {
                LOG.log(Level.DEBUG, "skipping type {0} of the deb822 stanza at {1}", type, where);
                continue;
            }
            for (String uri : uris) {
                if (!AptSource.isUri(uri)) {
                    LOG.log(Level.DEBUG, "skipping URI {0} of the deb822 stanza at {1}", uri, where);
                    continue;
                }
                for (String suite : suites) {
                    if (!AptSource.componentsFit(suite, components)) {
                        LOG.log(Level.DEBUG, "skipping suite {0} of the deb822 stanza at {1}: it does not fit components \"{2}\"",
                                suite, where, components);
                        continue;
                    }
                    String name = label != null ? label : RepositoryNames.derived(uri, suite, components);
                    sources.add(new AptSource(type, uri, suite, components, name));
                }
            }
        }
        return sources;
    }

    private static List<String> words(Deb822Paragraphs.Paragraph stanza, String field) {
        String value = stanza.field(field).orElse("").trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }
}
