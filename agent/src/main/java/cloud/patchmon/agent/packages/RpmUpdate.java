package cloud.patchmon.agent.packages;

/**
 * A newer version of an installed rpm that a repository offers.
 *
 * @param evr {@code [epoch:]version-release}
 * @param repository the repository id (dnf, yum) or alias (zypper) offering it
 */
record RpmUpdate(String name, String arch, String evr, String repository) {
}
