package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
            Map<String, String> fields = parse(lines);
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

    /** KEY=value lines with shell-style quoting, as os-release(5) defines them. */
    static Map<String, String> parse(List<String> lines) {
        Map<String, String> fields = new HashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (trimmed.startsWith("#") || eq <= 0) {
                continue;
            }
            fields.put(trimmed.substring(0, eq), unquote(trimmed.substring(eq + 1)));
        }
        return fields;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') && value.charAt(value.length() - 1) == value.charAt(0)) {
            String inner = value.substring(1, value.length() - 1);
            return value.charAt(0) == '"' ? inner.replaceAll("\\\\([\"\\\\$`])", "$1") : inner;
        }
        return value;
    }

    private static String first(Map<String, String> fields, String... keys) {
        for (String key : keys) {
            String value = fields.get(key);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
