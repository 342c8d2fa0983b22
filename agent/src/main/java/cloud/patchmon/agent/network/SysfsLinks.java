package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.HostFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The host's network interfaces and their link-layer state from {@code /sys/class/net}: what kind of
 * link each is, whether it is up, its MAC address, MTU, speed and duplex. Loopback is left out.
 */
final class SysfsLinks {

    /** ARPHRD_LOOPBACK in {@code /sys/class/net/<if>/type}. */
    private static final String LOOPBACK = "772";

    /** IFF_UP in {@code /sys/class/net/<if>/flags}. */
    private static final int IFF_UP = 0x1;

    /** A link without addresses; sizes are {@code null} when sysfs does not say. */
    record Link(String name, String type, String macAddress, Integer mtu, String status, Integer linkSpeed, String duplex) {
    }

    private final HostFiles files;

    SysfsLinks(HostFiles files) {
        this.files = files;
    }

    /**
     * Every interface but loopback and the host ends of container veth pairs: those come and go with each
     * container start and stop, and would change the interfaces hash (a report) every time.
     */
    List<Link> read() {
        List<Link> links = new ArrayList<>();
        for (Path entry : files.list("/sys/class/net", "*")) {
            String name = entry.getFileName().toString();
            String dir = "/sys/class/net/" + name;
            if (!files.exists(dir + "/type") || LOOPBACK.equals(attribute(dir, "type").orElse("")) || isContainerVeth(name, dir)) {
                continue;
            }
            links.add(new Link(name, type(name, dir), mac(dir), integer(dir, "mtu"), status(dir), speed(dir), duplex(dir)));
        }
        return links;
    }

    /** A veth whose peer lives in another network namespace (Docker's, LXC's): its ifindex differs from its iflink. */
    private boolean isContainerVeth(String name, String dir) {
        boolean veth = name.startsWith("veth") || files.lines(dir + "/uevent").stream().anyMatch(l -> l.strip().equals("DEVTYPE=veth"));
        return veth && !attribute(dir, "ifindex").orElse("").equals(attribute(dir, "iflink").orElse(""));
    }

    /**
     * {@code ethernet}, {@code wireless}, {@code bridge}, {@code bond}, {@code vlan}, or {@code virtual} for
     * links with no device behind them (veth, tun/tap, dummy, WireGuard, ifb…).
     */
    private String type(String name, String dir) {
        String devType = files.lines(dir + "/uevent").stream().filter(l -> l.startsWith("DEVTYPE="))
                .map(l -> l.substring("DEVTYPE=".length()).strip()).findFirst().orElse("");
        if (files.exists(dir + "/bridge") || devType.equals("bridge")) {
            return "bridge";
        }
        if (files.exists(dir + "/bonding") || devType.equals("bond")) {
            return "bond";
        }
        if (devType.equals("vlan") || files.exists("/proc/net/vlan/" + name)) {
            return "vlan";
        }
        if (files.exists(dir + "/wireless") || files.exists(dir + "/phy80211") || devType.equals("wlan")) {
            return "wireless";
        }
        return files.exists(dir + "/device") ? "ethernet" : "virtual";
    }

    /** {@code operstate} is {@code unknown} for drivers that do not track it (tun, some virtio): then the admin flag and carrier decide. */
    private String status(String dir) {
        String operstate = attribute(dir, "operstate").orElse("");
        if (operstate.equals("up")) {
            return "up";
        }
        if (operstate.equals("unknown")) {
            boolean adminUp = attribute(dir, "flags").map(SysfsLinks::hex).map(f -> (f & IFF_UP) != 0).orElse(false);
            return adminUp && attribute(dir, "carrier").orElse("").equals("1") ? "up" : "down";
        }
        return "down";
    }

    private String mac(String dir) {
        String mac = attribute(dir, "address").orElse("").toLowerCase(Locale.ROOT);
        return mac.isEmpty() || mac.matches("[0:]+") ? null : mac;
    }

    /** Mbps; reading fails on a link that is down and virtual links report -1 or (unsigned) 4294967295. */
    private Integer speed(String dir) {
        Integer speed = integer(dir, "speed");
        return speed == null || speed <= 0 ? -1 : speed;
    }

    private String duplex(String dir) {
        String duplex = attribute(dir, "duplex").orElse("");
        return duplex.equals("full") || duplex.equals("half") ? duplex : null;
    }

    private Integer integer(String dir, String name) {
        try {
            return attribute(dir, name).map(Integer::valueOf).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Optional<String> attribute(String dir, String name) {
        return files.read(dir + "/" + name).map(String::strip);
    }

    private static Integer hex(String flags) {
        try {
            return Integer.decode(flags);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
