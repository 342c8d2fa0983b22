package cloud.patchmon.agent.packages;

import java.util.List;

/**
 * One package pacman has installed.
 *
 * @param description {@code null} when the package has none
 * @param groups      the package groups it belongs to ({@code xorg-apps}, {@code xorg}), in pacman's order
 */
record PacmanInstalledPackage(String name, String version, String description, List<String> groups) {

    PacmanInstalledPackage {
        groups = List.copyOf(groups);
    }
}
