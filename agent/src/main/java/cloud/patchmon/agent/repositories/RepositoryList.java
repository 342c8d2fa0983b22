package cloud.patchmon.agent.repositories;

import cloud.patchmon.protocol.RepositoryEntry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repositories one collection found, in configuration order, each once. The same source configured
 * twice (in sources.list and again in a .list file, with and without a trailing slash) is one repository:
 * the server would merge them anyway, and the check-in hash should not change when a duplicate appears.
 * Every entry is enabled: disabled definitions are not reported (see {@link RepositorySource}).
 */
final class RepositoryList {

    private record Key(String repoType, String url, String distribution, String components) {
    }

    private final Map<Key, RepositoryEntry> entries = new LinkedHashMap<>();

    /** Adds an enabled repository unless the same one is already listed; credentials in the URL are dropped. */
    void add(String name, String url, String distribution, String components, String repoType) {
        String clean = RepositoryUrls.withoutCredentials(url.trim());
        Key key = new Key(repoType, RepositoryUrls.identity(clean), distribution.trim(), components.trim());
        entries.putIfAbsent(key, new RepositoryEntry(name, clean, distribution.trim(), components.trim(), repoType, true,
                RepositoryUrls.isSecure(clean)));
    }

    List<RepositoryEntry> entries() {
        return List.copyOf(entries.values());
    }
}
