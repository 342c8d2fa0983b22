package cloud.patchmon.core.hosts;

/**
 * One package installed on one host, as last reported. Kept under ~200 bytes so a write costs
 * one unit; descriptions and categories belong to the fleet-wide package catalogue.
 */
public record HostPackage(String name, String currentVersion, String availableVersion, boolean needsUpdate,
                          boolean securityUpdate, String sourceRepository) {

    /** The newest version the host knows of: the available update, else the installed version. */
    public String newestKnownVersion() {
        return availableVersion != null ? availableVersion : currentVersion;
    }
}
