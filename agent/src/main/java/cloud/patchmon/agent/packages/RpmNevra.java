package cloud.patchmon.agent.packages;

/**
 * A package named as advisories list it: {@code name-[epoch:]version-release.arch}, such as
 * {@code openssl-1:3.0.7-25.el9_3.x86_64}.
 *
 * @param evr {@code [epoch:]version-release}
 */
record RpmNevra(String name, String evr, String arch) {

    /** @throws IllegalArgumentException when {@code nevra} lacks a name, version, release or arch */
    static RpmNevra parse(String nevra) {
        int dot = nevra.lastIndexOf('.');
        String nevr = dot > 0 ? nevra.substring(0, dot) : "";
        int releaseDash = nevr.lastIndexOf('-');
        int versionDash = releaseDash > 0 ? nevr.lastIndexOf('-', releaseDash - 1) : -1;
        if (dot == nevra.length() - 1 || releaseDash == nevr.length() - 1 || versionDash <= 0
                || versionDash == releaseDash - 1) {
            throw new IllegalArgumentException("not a name-version-release.arch: " + nevra);
        }
        return new RpmNevra(nevr.substring(0, versionDash), nevr.substring(versionDash + 1), nevra.substring(dot + 1));
    }
}
