package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

import java.util.List;

/** The host's stable identity: systemd's machine-id, D-Bus's copy on hosts without systemd, FreeBSD's host UUID. */
final class MachineId {

    private static final List<String> FILES = List.of("/etc/machine-id", "/var/lib/dbus/machine-id", "/etc/hostid");

    private final HostFiles files;

    MachineId(HostFiles files) {
        this.files = files;
    }

    /** {@code null} when no file holds one; an image's empty or {@code uninitialized} placeholder does not count. */
    String read() {
        for (String file : FILES) {
            String id = files.read(file).map(String::strip).orElse("");
            if (!id.isEmpty() && !id.equals("uninitialized")) {
                return id;
            }
        }
        return null;
    }
}
