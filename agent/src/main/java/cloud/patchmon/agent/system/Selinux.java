package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

/**
 * SELinux's mode in the report's wording ({@code enabled}, {@code permissive}, {@code disabled}), read
 * from selinuxfs rather than {@code getenforce} so hosts without the SELinux tools need no special case.
 */
final class Selinux {

    private final HostFiles files;

    Selinux(HostFiles files) {
        this.files = files;
    }

    /** The kernel's current mode: a disabled SELinux has no {@code /sys/fs/selinux/enforce}. */
    String status() {
        return switch (files.read("/sys/fs/selinux/enforce").map(String::strip).orElse("")) {
            case "1" -> "enabled";
            case "0" -> "permissive";
            default -> "disabled";
        };
    }
}
