package cloud.patchmon.agent.packages;

/**
 * One package dpkg has installed.
 *
 * @param architecture dpkg's architecture of the package: {@code amd64}, {@code i386}, {@code all} …
 * @param section      the archive section, e.g. {@code libs}; {@code null} when the package has none
 * @param summary      the first line of its description; {@code null} when it has none
 */
record DpkgInstalledPackage(String name, String architecture, String version, String section, String summary) {

    /**
     * The name as apt spells it in its outputs and accepts as an argument: qualified with the
     * architecture only for a foreign one ({@code libc6:i386}).
     */
    String aptName(String nativeArchitecture) {
        return architecture.equals(nativeArchitecture) || architecture.equals("all") ? name : name + ":" + architecture;
    }
}
