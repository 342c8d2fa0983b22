package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.HostFiles;

import java.util.Optional;

/** The default routes from the kernel's routing tables, {@code /proc/net/route} and {@code /proc/net/ipv6_route}. */
final class RouteTable {

    /** RTF_UP, RTF_GATEWAY and RTF_REJECT of the route flags. */
    private static final int UP = 0x0001;
    private static final int GATEWAY = 0x0002;
    private static final int REJECT = 0x0200;

    /** A default route: out of {@code device}, via {@code gateway} ({@code null} for a point-to-point link). */
    record DefaultRoute(String device, String gateway, long metric) {
    }

    private final HostFiles files;

    RouteTable(HostFiles files) {
        this.files = files;
    }

    /**
     * The IPv4 default route with the lowest metric. Columns: Iface Destination Gateway Flags RefCnt Use
     * Metric Mask…, addresses as little-endian hex.
     */
    Optional<DefaultRoute> ipv4() {
        DefaultRoute best = null;
        for (String line : files.lines("/proc/net/route")) {
            String[] f = line.strip().split("\\s+");
            try {
                if (f.length < 8 || !f[1].equals("00000000") || !f[7].equals("00000000")) {
                    continue;
                }
                int flags = Integer.parseInt(f[3], 16);
                if ((flags & UP) == 0 || (flags & REJECT) != 0) {
                    continue;
                }
                String gateway = (flags & GATEWAY) != 0 ? IpAddresses.ipv4FromLittleEndianHex(f[2]) : null;
                best = better(best, new DefaultRoute(f[0], gateway, Long.parseLong(f[6])));
            } catch (IllegalArgumentException e) {
                // A malformed line is no route.
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The IPv6 default route with the lowest metric. Columns: destination, prefix length, source, source
     * prefix length, next hop, metric, refcount, use, flags, device (all hex but the device).
     */
    Optional<DefaultRoute> ipv6() {
        DefaultRoute best = null;
        for (String line : files.lines("/proc/net/ipv6_route")) {
            String[] f = line.strip().split("\\s+");
            try {
                if (f.length < 10 || !f[0].matches("0{32}") || !f[1].equals("00") || f[9].equals("lo")) {
                    continue;
                }
                int flags = (int) Long.parseLong(f[8], 16);
                if ((flags & UP) == 0 || (flags & REJECT) != 0) {
                    continue;
                }
                String gateway = (flags & GATEWAY) != 0 && !f[4].matches("0{32}") ? IpAddresses.ipv6FromHex(f[4]) : null;
                best = better(best, new DefaultRoute(f[9], gateway, Long.parseLong(f[5], 16)));
            } catch (IllegalArgumentException e) {
                // A malformed line is no route.
            }
        }
        return Optional.ofNullable(best);
    }

    private static DefaultRoute better(DefaultRoute current, DefaultRoute candidate) {
        return current == null || candidate.metric() < current.metric() ? candidate : current;
    }
}
