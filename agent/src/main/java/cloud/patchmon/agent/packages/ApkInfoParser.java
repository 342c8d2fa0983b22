package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code apk info -vv}: every installed package, {@code <name>-<version> - <description>}. */
final class ApkInfoParser {

    private ApkInfoParser() {
    }

    /** @throws IOException when a line is not a package */
    static List<ApkInstalledPackage> parse(String output) throws IOException {
        List<ApkInstalledPackage> packages = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            String token = space < 0 ? line : line.substring(0, space);
            String rest = space < 0 ? "" : line.substring(space);
            if (!rest.isEmpty() && !rest.startsWith(" - ")) {
                throw new IOException("unexpected apk info line: " + line);
            }
            ApkNameVersion nameVersion = ApkNameVersion.parse(token);
            String description = rest.isEmpty() ? "" : rest.substring(3).strip();
            packages.add(new ApkInstalledPackage(nameVersion.name(), nameVersion.version(), description.isEmpty() ? null : description));
        }
        return packages;
    }
}
