package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.network.NetworkInfo;
import cloud.patchmon.agent.system.SystemInfo;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.RepositoryEntry;

import java.util.List;

/** Small inventories for reporting tests; the collectors that build real ones are tested on their own. */
public final class TestInventories {

    private TestInventories() {
    }

    static SystemInfo system() {
        return new SystemInfo("Debian GNU/Linux", "12 (bookworm)", "6.1.0-18-amd64", "6.1.0-18-amd64", "x86_64", "AMD EPYC", 2, 1, 2994.0, 23.4, 1.0,
                List.of(new SystemInfo.Disk("/dev/sda1", "/", "ext4", "50G", "25G", "25G", 50)), "3 days, 2 hours", 266_400L,
                "2026-11-28T16:00:00Z", List.of(0.1, 0.2, 0.3), "disabled", "abc123", null, false, null,
                new SystemInfo.Usage(12.5, 40.0, 0.0, 9.4, 14.0));
    }

    static Inventory inventory(List<PackageEntry> packages, List<RepositoryEntry> repositories) {
        NetworkInfo network = new NetworkInfo(List.of(NetworkInterface.of("eth0", "ethernet", "52:54:00:12:34:56",
                List.of(new NetworkInterface.Address("10.0.0.5", "inet", "/24", "10.0.0.1")))), "10.0.0.1", List.of("10.0.0.2"), "10.0.0.5");
        return new Inventory("web-01", "apt", packages, repositories, network, system(), 321);
    }

    public static Inventory typical() {
        return inventory(List.of(
                        PackageEntry.of("curl", "command line tool", "web", "7.88.1-10", "7.88.1-10+deb12u5", true, true, "Debian-Security"),
                        PackageEntry.of("bash", "GNU shell", "shells", "5.2.15-2", null, false, false, null)),
                List.of(new RepositoryEntry("deb.debian.org bookworm", "http://deb.debian.org/debian", "bookworm", "main", "deb", true, false)));
    }
}
