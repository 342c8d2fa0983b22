package cloud.patchmon.core.packages;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A package across the tenant's fleet (the Packages page's row): how many hosts have it, how
 * many need its update, how many of those are security updates, the newest version seen
 * ({@link VersionOrder}) and on how many hosts each source repository supplies it. Maintained
 * from report diffs.
 *
 * @param sourceRepositories repository name → hosts it supplies the package to; only positive counts
 */
public record PackageSummary(String name, String description, String category, String latestVersion,
                             long hostsInstalled, long hostsNeedingUpdate, long hostsSecurity, Map<String, Long> sourceRepositories) {

    public PackageSummary {
        TreeMap<String, Long> positive = new TreeMap<>();
        if (sourceRepositories != null) {
            sourceRepositories.forEach((repository, hosts) -> {
                if (hosts != null && hosts > 0) {
                    positive.put(repository, hosts);
                }
            });
        }
        sourceRepositories = Collections.unmodifiableSortedMap(positive);
    }
}
