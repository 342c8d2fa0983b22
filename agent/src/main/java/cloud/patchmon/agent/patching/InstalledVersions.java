package cloud.patchmon.agent.patching;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * The installed versions of some packages, for tools whose simulation names only the version they would
 * install (DNF4, yum, pacman).
 */
@FunctionalInterface
interface InstalledVersions {

    /**
     * @return the installed version by {@code name} and by {@code name.arch}; packages that are not installed are absent
     * @throws IOException when the query cannot be run
     */
    Map<String, String> of(Collection<String> names) throws IOException;

    InstalledVersions NONE = names -> Map.of();
}
