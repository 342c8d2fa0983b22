package cloud.patchmon.agent.packages;

/**
 * One installed rpm as {@code rpm -qa} lists it.
 *
 * @param epoch {@code 0} when the package has none
 * @param summary the one-line description, {@code null} when rpm has none
 * @param group the rpm group, {@code null} when rpm has none or the placeholder {@code Unspecified}
 */
record RpmPackage(String name, String epoch, String version, String release, String arch, String summary,
                  String group) {

    /** {@code [epoch:]version-release}, the epoch shown only when it is not 0, as dnf, yum and zypper print it. */
    String evr() {
        String versionRelease = version + "-" + release;
        return "0".equals(epoch) ? versionRelease : epoch + ":" + versionRelease;
    }
}
