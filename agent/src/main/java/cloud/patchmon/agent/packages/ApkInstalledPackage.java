package cloud.patchmon.agent.packages;

/**
 * One package apk has installed.
 *
 * @param description {@code null} when the package has none
 */
record ApkInstalledPackage(String name, String version, String description) {
}
