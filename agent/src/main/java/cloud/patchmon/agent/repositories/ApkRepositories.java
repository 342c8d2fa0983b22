package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.RepositoryEntry;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * apk's repositories (spec ch. 7: each line of {@code /etc/apk/repositories}): {@code [@tag] url-or-path}
 * per line; a line commented out with {@code #} is a disabled repository and is not reported.
 *
 * <p>An entry per line: url as written, distribution and components from an Alpine-style path ending
 * in {@code <release>/<component>} ({@code v3.19/main} gives {@code 3.19} and {@code main}, also
 * {@code edge} and {@code latest-stable}), else empty; name the tag of a tagged repository
 * ({@code @testing}), else derived from host, release and component; repoType {@code apk}.
 */
public final class ApkRepositories implements RepositorySource {

    private static final System.Logger LOG = System.getLogger(ApkRepositories.class.getName());

    private static final String REPOSITORIES = "/etc/apk/repositories";

    private static final Pattern RELEASE_PATH = Pattern.compile(".*/(v(\\d+\\.\\d+)|edge|latest-stable)/([^/]+)/*");

    private final ConfigText files;

    public ApkRepositories(HostFiles files) {
        this.files = new ConfigText(files);
    }

    @Override
    public String packageManager() {
        return "apk";
    }

    @Override
    public List<RepositoryEntry> collect() throws IOException {
        RepositoryList list = new RepositoryList();
        List<String> lines = files.read(REPOSITORIES).map(t -> t.lines().toList()).orElse(List.of());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String tag = words[0].startsWith("@") ? words[0].substring(1) : null;
            int urlAt = tag != null ? 1 : 0;
            if (words.length != urlAt + 1 || (tag != null && tag.isEmpty())) {
                LOG.log(Level.DEBUG, "skipping malformed line {0}:{1}: {2}", REPOSITORIES, i + 1, line);
                continue;
            }
            String url = words[urlAt];
            Matcher release = RELEASE_PATH.matcher(url);
            String distribution = release.matches() ? (release.group(2) != null ? release.group(2) : release.group(1)) : "";
            String component = release.matches() ? release.group(3) : "";
            String name = tag != null ? tag : RepositoryNames.derived(url, distribution, component);
            list.add(name, url, distribution, component, "apk");
        }
        return list.entries();
    }
}
