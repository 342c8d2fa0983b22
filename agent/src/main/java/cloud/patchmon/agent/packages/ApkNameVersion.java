package cloud.patchmon.agent.packages;

import java.io.IOException;

/**
 * A package as apk prints it, {@code <name>-<version>-r<release>} ({@code py3-setuptools-68.0.0-r0}):
 * names may contain dashes and digits, versions no dash but the one before the release.
 */
record ApkNameVersion(String name, String version) {

    /** @throws IOException when {@code token} does not end in {@code -<version>-r<release>} */
    static ApkNameVersion parse(String token) throws IOException {
        int release = token.lastIndexOf('-');
        int version = release > 0 ? token.lastIndexOf('-', release - 1) : -1;
        if (version <= 0 || !token.substring(release + 1).matches("r\\d+")
                || !Character.isDigit(token.charAt(version + 1))) {
            throw new IOException("not an apk package and version: " + token);
        }
        return new ApkNameVersion(token.substring(0, version), token.substring(version + 1));
    }
}
