package cloud.patchmon.agent.packages;

/**
 * One installed FreeBSD package as {@code pkg query} lists it.
 *
 * @param version the FreeBSD version string, e.g. {@code 1.26.18,1} ({@code ,N} is the port epoch, {@code _N} the port revision)
 * @param origin the port it was built from, e.g. {@code security/sudo}
 * @param comment the one-line description
 */
record FreeBsdPackage(String name, String version, String origin, String comment) {

    /** The ports category, the origin's directory ({@code security} for {@code security/sudo}). */
    String category() {
        int slash = origin.indexOf('/');
        return slash > 0 ? origin.substring(0, slash) : null;
    }

    /** {@code name-version}, how {@code pkg version} and {@code pkg audit} name the package. */
    String nameVersion() {
        return name + "-" + version;
    }
}
