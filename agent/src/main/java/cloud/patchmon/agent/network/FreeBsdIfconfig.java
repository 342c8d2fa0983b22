package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.NetworkInterface.Address;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeBSD's interfaces, link state and addresses from {@code ifconfig -a} (FreeBSD has no sysfs). The
 * kind of link comes from its interface groups ({@code bridge}, {@code lagg}, {@code vlan}, {@code wlan};
 * tunnels, epairs, pflog and the like are {@code virtual}); loopback is left out.
 */
final class FreeBsdIfconfig {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern HEADER = Pattern.compile("^(\\S+): flags=[0-9a-fA-F]+<([^>]*)>.*\\bmtu (\\d+)");
    private static final Pattern INET = Pattern.compile("^inet (\\S+)(?: --> \\S+)? netmask (0x[0-9a-fA-F]{8})");
    private static final Pattern INET6 = Pattern.compile("^inet6 ([0-9a-fA-F:.]+)(?:%\\S+)? prefixlen (\\d+)(.*)$");
    /** {@code media: Ethernet autoselect (1000baseT <full-duplex>)}, {@code (10Gbase-SR <full-duplex,rxpause>)}. */
    private static final Pattern MEDIA = Pattern.compile("\\((\\d+)(G?)base\\S*(?:\\s*<([^>]*)>)?", Pattern.CASE_INSENSITIVE);

    private static final Set<String> VIRTUAL_GROUPS = Set.of("tun", "tap", "epair", "wg", "gif", "gre", "pflog", "pfsync", "enc",
            "lo", "ipsec", "ovpn", "vxlan", "stf");

    private final CommandRunner commands;

    FreeBsdIfconfig(CommandRunner commands) {
        this.commands = commands;
    }

    /** The interfaces without gateways; none when {@code ifconfig} cannot be run. */
    List<NetworkInterface> read() {
        if (!commands.isAvailable("ifconfig")) {
            return List.of();
        }
        try {
            CommandResult result = commands.run(List.of("ifconfig", "-a"), TIMEOUT);
            return result.succeeded() ? parse(result.stdout()) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<NetworkInterface> parse(String output) {
        List<NetworkInterface> interfaces = new ArrayList<>();
        Block block = null;
        for (String line : output.lines().toList()) {
            Matcher header = HEADER.matcher(line);
            if (header.find()) {
                addUnlessLoopback(interfaces, block);
                block = new Block(header.group(1), Set.of(header.group(2).split(",")), Integer.parseInt(header.group(3)));
            } else if (block != null) {
                block.line(line.strip());
            }
        }
        addUnlessLoopback(interfaces, block);
        return interfaces;
    }

    private static void addUnlessLoopback(List<NetworkInterface> interfaces, Block block) {
        if (block != null && !block.flags.contains("LOOPBACK") && !block.groups.contains("lo")) {
            interfaces.add(block.toInterface());
        }
    }

    /** One interface's lines while they are read. */
    private static final class Block {
        private final String name;
        private final Set<String> flags;
        private final int mtu;
        private final List<Address> addresses = new ArrayList<>();
        private final List<String> groups = new ArrayList<>();
        private String mac;
        private String status;
        private Integer speed = -1;
        private String duplex;

        Block(String name, Set<String> flags, int mtu) {
            this.name = name;
            this.flags = flags;
            this.mtu = mtu;
        }

        void line(String line) {
            Matcher m;
            if (line.startsWith("ether ")) {
                mac = line.substring("ether ".length()).strip().toLowerCase(Locale.ROOT);
            } else if ((m = INET.matcher(line)).find()) {
                addresses.add(new Address(m.group(1), "inet", "/" + Long.bitCount(Long.decode(m.group(2))), null));
            } else if ((m = INET6.matcher(line)).find()) {
                // Privacy addresses rotate daily, as on Linux they are left out of the report.
                if (!(" " + m.group(3) + " ").contains(" temporary ")) {
                    addresses.add(new Address(m.group(1).toLowerCase(Locale.ROOT), "inet6", "/" + m.group(2), null));
                }
            } else if (line.startsWith("status: ")) {
                String value = line.substring("status: ".length()).strip();
                status = value.equals("active") || value.equals("associated") ? "up" : "down";
            } else if (line.startsWith("media: ") && (m = MEDIA.matcher(line)).find()) {
                speed = Integer.parseInt(m.group(1)) * (m.group(2).isEmpty() ? 1 : 1000);
                String options = m.group(3) == null ? "" : m.group(3);
                duplex = options.contains("full-duplex") ? "full" : options.contains("half-duplex") ? "half" : null;
            } else if (line.startsWith("groups: ")) {
                groups.addAll(List.of(line.substring("groups: ".length()).strip().split("\\s+")));
            }
        }

        NetworkInterface toInterface() {
            // Links without a status line (tunnels, bridges without members) are up when administratively up and running.
            String state = status != null ? status : flags.contains("UP") && flags.contains("RUNNING") ? "up" : "down";
            return new NetworkInterface(name, type(), mac, mtu, state, speed, duplex, List.copyOf(addresses));
        }

        private String type() {
            if (groups.contains("bridge")) {
                return "bridge";
            }
            if (groups.contains("lagg")) {
                return "bond";
            }
            if (groups.contains("vlan")) {
                return "vlan";
            }
            if (groups.contains("wlan")) {
                return "wireless";
            }
            return mac != null && groups.stream().noneMatch(VIRTUAL_GROUPS::contains) ? "ethernet" : "virtual";
        }
    }
}
