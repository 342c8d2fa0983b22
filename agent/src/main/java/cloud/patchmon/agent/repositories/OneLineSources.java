package cloud.patchmon.agent.repositories;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one-line format of {@code /etc/apt/sources.list} and {@code sources.list.d/*.list}:
 * {@code deb [ option=value … ] uri suite [component …]}.
 *
 * <p>As in apt, {@code #} starts a comment anywhere outside brackets, so a commented-out {@code # deb …}
 * line is no entry at all and is not reported. Brackets and double quotes group words, which keeps
 * {@code [arch=amd64 signed-by=…]} and {@code cdrom:[Debian GNU/Linux 12 …]/} whole.
 */
final class OneLineSources {

    private static final System.Logger LOG = System.getLogger(OneLineSources.class.getName());

    /**
     * @param where the file and line number, for the debug log of a malformed line
     * @return the line's source; empty for a blank or comment line and for a malformed one
     */
    Optional<AptSource> parse(String line, String where) {
        List<String> words = words(line);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        int uri = words.size() > 1 && words.get(1).startsWith("[") ? 2 : 1;
        if (!AptSource.isType(words.get(0)) || words.size() < uri + 2 || !AptSource.isUri(words.get(uri))) {
            LOG.log(Level.DEBUG, "skipping malformed apt source at {0}: {1}", where, line);
            return Optional.empty();
        }
        String suite = words.get(uri + 1);
        String components = String.join(" ", words.subList(uri + 2, words.size()));
        if (!AptSource.componentsFit(suite, components)) {
            LOG.log(Level.DEBUG, "skipping apt source at {0}: suite {1} does not fit components \"{2}\"", where, suite, components);
            return Optional.empty();
        }
        String url = words.get(uri);
        return Optional.of(new AptSource(words.get(0), url, suite, components, RepositoryNames.derived(url, suite, components)));
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean bracket = false;
        boolean quote = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!bracket && !quote && c == '#') {
                break;
            }
            if (!bracket && !quote && Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            if (c == '"' && !bracket) {
                quote = !quote;
                continue;
            }
            if (!quote) {
                bracket = c == '[' || (bracket && c != ']');
            }
            word.append(c);
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
