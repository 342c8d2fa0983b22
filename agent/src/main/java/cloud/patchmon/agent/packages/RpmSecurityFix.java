package cloud.patchmon.agent.packages;

/**
 * A security advisory (dnf, yum) or patch (zypper) saying that {@code name} is fixed from version
 * {@code evr} on: an installed version older than that is exposed.
 *
 * @param evr {@code [epoch:]version-release}
 */
record RpmSecurityFix(String name, String evr) {
}
