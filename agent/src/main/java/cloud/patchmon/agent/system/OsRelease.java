package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.OsReleaseFields;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The distribution's name and version: {@code NAME} and {@code VERSION} of os-release(5) (falling back to
 * {@code VERSION_ID}, then {@code BUILD_ID} for rolling releases such as Arch); on a FreeBSD without
 * os-release, {@code freebsd-version -u} (which carries the patch level, e.g. {@code 14.1-RELEASE-p5}).
 */
final class OsRelease {

    /** The type and version the report sends as {@code osType} and {@code osVersion}; either may be {@code null}. */
    record Os(String type, String version) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HostFiles files;
    private final CommandRunner commands;

    OsRelease(HostFiles files, CommandRunner commands) {
        this.files = files;
        this.commands = commands;
    }

    Os read() {
        // os-release(5): /etc/os-release takes precedence, /usr/lib/os-release is the vendor's copy.
        List<String> lines = files.lines("/etc/os-release");
        if (lines.isEmpty()) {
            lines = files.lines("/usr/lib/os-release");
        }
        if (!lines.isEmpty()) {
            OsReleaseFields fields = OsReleaseFields.parse(String.join("\n", lines));
            String type = first(fields, "NAME", "ID");
            String version = first(fields, "VERSION", "VERSION_ID", "BUILD_ID");
            if (type != null || version != null) {
                return new Os(type, version);
            }
        }
        String freeBsd = freeBsdVersion();
        return new Os(freeBsd == null ? null : "FreeBSD", freeBsd);
    }

    private String freeBsdVersion() {
        if (!commands.isAvailable("freebsd-version")) {
            return null;
        }
        try {
            CommandResult result = commands.run(List.of("freebsd-version", "-u"), TIMEOUT);
            String version = result.stdout().strip();
            return result.succeeded() && !version.isEmpty() ? version : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String first(OsReleaseFields fields, String... keys) {
        for (String key : keys) {
            java.util.Optional<String> value = fields.field(key);
            if (value.isPresent()) {
                return value.get();
            }
        }
        return null;
    }
}
