package cloud.patchmon.agent.system;

import cloud.patchmon.agent.host.HostFiles;

/** Which kernel interfaces the host has. */
final class Platform {

    private Platform() {
    }

    /** FreeBSD's base system always ships {@code /bin/freebsd-version}; Linux has no such file. */
    static boolean isFreeBsd(HostFiles files) {
        return files.exists("/bin/freebsd-version");
    }
}
