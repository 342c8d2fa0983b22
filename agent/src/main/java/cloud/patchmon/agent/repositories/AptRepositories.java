package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * apt's sources (spec ch. 7): {@code /etc/apt/sources.list}, then the {@code *.list} (one-line) and
 * {@code *.sources} (deb822) files of {@code /etc/apt/sources.list.d} in name order, as apt reads them.
 *
 * <p>An entry per source: name derived from the URI's host and the suite (or the stanza's
 * {@code X-Repolib-Name}), url the URI as written, distribution the suite, components as listed,
 * repoType {@code deb} or {@code deb-src}. Files apt ignores ({@code .save}, {@code .disabled}, names
 * with other characters) are ignored too.
 */
public final class AptRepositories implements RepositorySource {

    private static final System.Logger LOG = System.getLogger(AptRepositories.class.getName());

    static final String SOURCES_LIST = "/etc/apt/sources.list";
    static final String SOURCES_DIR = "/etc/apt/sources.list.d";

    /** apt's rule for files in sources.list.d: other names are ignored with a notice. */
    private static final Pattern PART_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+\\.(list|sources)");

    private final ConfigText files;
    private final OneLineSources oneLine = new OneLineSources();
    private final Deb822Sources deb822 = new Deb822Sources();

    public AptRepositories(HostFiles files) {
        this.files = new ConfigText(files);
    }

    @Override
    public String packageManager() {
        return "apt";
    }

    @Override
    public List<RepositoryEntry> collect() throws IOException {
        List<AptSource> sources = new ArrayList<>(oneLineFile(SOURCES_LIST));
        for (String file : files.list(SOURCES_DIR, "*.{list,sources}")) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (!PART_NAME.matcher(name).matches()) {
                LOG.log(Level.DEBUG, "ignoring {0}: apt ignores files with this name", file);
            } else if (name.endsWith(".sources")) {
                sources.addAll(deb822.parse(files.read(file).orElse(""), file));
            } else {
                sources.addAll(oneLineFile(file));
            }
        }
        RepositoryList list = new RepositoryList();
        for (AptSource s : sources) {
            list.add(s.name(), s.uri(), s.suite(), s.components(), s.type());
        }
        return list.entries();
    }

    private List<AptSource> oneLineFile(String file) throws IOException {
        List<AptSource> sources = new ArrayList<>();
        List<String> lines = files.read(file).map(t -> t.lines().toList()).orElse(List.of());
        for (int i = 0; i < lines.size(); i++) {
            oneLine.parse(lines.get(i), file + ":" + (i + 1)).ifPresent(sources::add);
        }
        return sources;
    }
}
