package cloud.patchmon.agent.repositories;

import cloud.patchmon.agent.host.OsReleaseFields;

import java.io.IOException;
import java.util.Optional;

/** Reads the os-release fields that resolve repository variables ({@code VERSION_ID}, {@code PLATFORM_ID}). */
final class OsRelease {

    private OsRelease() {
    }

    /** {@code /etc/os-release}, else {@code /usr/lib/os-release}; no fields when neither exists. */
    static OsReleaseFields read(ConfigText files) throws IOException {
        Optional<String> text = files.read("/etc/os-release");
        if (text.isEmpty()) {
            text = files.read("/usr/lib/os-release");
        }
        return OsReleaseFields.parse(text.orElse(""));
    }
}
