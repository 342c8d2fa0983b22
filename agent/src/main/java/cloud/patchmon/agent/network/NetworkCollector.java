package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.NetworkInterface.Address;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects {@link NetworkInfo}: interfaces and link state from {@code /sys/class/net}, their addresses from
 * {@code ip -j addr show} (else {@code /proc/net/if_inet6} for IPv6 and the JDK for IPv4), default routes
 * from {@code /proc/net/route} and {@code /proc/net/ipv6_route}; on FreeBSD interfaces and addresses from
 * {@code ifconfig -a} and default routes from {@code netstat -rn}; resolvers from resolv.conf. A default
 * route's gateway (only the route in use, the lowest metric) is also set on the addresses of its interface
 * that it serves: those whose subnet holds it, or, when none does (an on-link gateway outside a /32, IPv6's
 * link-local router), every address of that family on the interface; link-local addresses never carry it.
 * Missing files yield empty or {@code null} fields.
 */
public final class NetworkCollector {

    private final HostFiles files;
    private final SysfsLinks links;
    private final IpJsonAddresses ipJson;
    private final ProcIfInet6 ifInet6;
    private final Ipv4Addresses ipv4Fallback;
    private final RouteTable routes;
    private final FreeBsdIfconfig ifconfig;
    private final FreeBsdRoutes netstat;
    private final ResolvConf resolvConf;

    /** Reads the host through {@code files} and {@code commands}. */
    public NetworkCollector(HostFiles files, CommandRunner commands) {
        this(files, commands, new JdkIpv4Addresses());
    }

    /** {@code ipv4Fallback} answers for IPv4 where {@code ip -j} cannot. */
    NetworkCollector(HostFiles files, CommandRunner commands, Ipv4Addresses ipv4Fallback) {
        this.files = files;
        this.links = new SysfsLinks(files);
        this.ipJson = new IpJsonAddresses(commands);
        this.ifInet6 = new ProcIfInet6(files);
        this.ipv4Fallback = ipv4Fallback;
        this.routes = new RouteTable(files);
        this.ifconfig = new FreeBsdIfconfig(commands);
        this.netstat = new FreeBsdRoutes(commands);
        this.resolvConf = new ResolvConf(files);
    }

    public NetworkInfo collect() {
        List<NetworkInterface> found;
        Optional<RouteTable.DefaultRoute> v4;
        Optional<RouteTable.DefaultRoute> v6;
        // FreeBSD's base system always ships /bin/freebsd-version; it has neither sysfs nor /proc/net.
        if (files.exists("/bin/freebsd-version")) {
            found = ifconfig.read();
            FreeBsdRoutes.Defaults defaults = netstat.read();
            v4 = defaults.ipv4();
            v6 = defaults.ipv6();
        } else {
            found = linuxInterfaces();
            v4 = routes.ipv4();
            v6 = routes.ipv6();
        }
        List<NetworkInterface> interfaces = new ArrayList<>();
        for (NetworkInterface nic : found) {
            List<Address> bound = withGateway(nic.addresses(), "inet", gatewayVia(v4, nic.name()));
            bound = withGateway(bound, "inet6", gatewayVia(v6, nic.name()));
            interfaces.add(new NetworkInterface(nic.name(), nic.type(), nic.macAddress(), nic.mtu(), nic.status(), nic.linkSpeed(),
                    nic.duplex(), List.copyOf(bound)));
        }
        return new NetworkInfo(List.copyOf(interfaces), v4.map(RouteTable.DefaultRoute::gateway).orElse(null), resolvConf.servers(),
                primaryIp(interfaces, v4, v6));
    }

    private List<NetworkInterface> linuxInterfaces() {
        Map<String, List<Address>> addresses = ipJson.read().orElseGet(this::fallbackAddresses);
        List<NetworkInterface> interfaces = new ArrayList<>();
        for (SysfsLinks.Link link : links.read()) {
            interfaces.add(new NetworkInterface(link.name(), link.type(), link.macAddress(), link.mtu(), link.status(), link.linkSpeed(),
                    link.duplex(), addresses.getOrDefault(link.name(), List.of())));
        }
        return interfaces;
    }

    private static String gatewayVia(Optional<RouteTable.DefaultRoute> route, String device) {
        return route.filter(r -> r.device().equals(device)).map(RouteTable.DefaultRoute::gateway).orElse(null);
    }

    private Map<String, List<Address>> fallbackAddresses() {
        Map<String, List<Address>> merged = new LinkedHashMap<>();
        ipv4Fallback.read().forEach((name, list) -> merged.computeIfAbsent(name, n -> new ArrayList<>()).addAll(list));
        ifInet6.read().forEach((name, list) -> merged.computeIfAbsent(name, n -> new ArrayList<>()).addAll(list));
        return merged;
    }

    private static List<Address> withGateway(List<Address> addresses, String family, String gateway) {
        if (gateway == null) {
            return addresses;
        }
        // A link-local address never carries the gateway, even when the gateway is link-local itself (IPv6 routers).
        List<Address> routable = addresses.stream().filter(a -> a.family().equals(family) && !IpAddresses.isLinkLocal(a.address())).toList();
        boolean anyContains = routable.stream().anyMatch(a -> serves(a, gateway));
        List<Address> result = new ArrayList<>();
        for (Address a : addresses) {
            boolean applies = routable.contains(a) && (!anyContains || serves(a, gateway));
            result.add(applies ? new Address(a.address(), a.family(), a.netmask(), gateway) : a);
        }
        return result;
    }

    private static boolean serves(Address address, String gateway) {
        try {
            return IpAddresses.contains(address.address(), Integer.parseInt(address.netmask().substring(1)), gateway);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The IPv4 address of the default route's interface (the one its gateway is on first), else the IPv6
     * default route's, else the first address that is not link-local, IPv4 before IPv6.
     */
    private static String primaryIp(List<NetworkInterface> interfaces, Optional<RouteTable.DefaultRoute> v4,
                                    Optional<RouteTable.DefaultRoute> v6) {
        Optional<String> viaV4 = v4.flatMap(route -> routed(interfaces, route.device(), "inet"));
        if (viaV4.isPresent()) {
            return viaV4.get();
        }
        Optional<String> viaV6 = v6.flatMap(route -> routed(interfaces, route.device(), "inet6"));
        if (viaV6.isPresent()) {
            return viaV6.get();
        }
        for (String family : List.of("inet", "inet6")) {
            for (NetworkInterface nic : interfaces) {
                for (Address a : nic.addresses()) {
                    if (a.family().equals(family) && !IpAddresses.isLinkLocal(a.address())) {
                        return a.address();
                    }
                }
            }
        }
        return null;
    }

    private static Optional<String> routed(List<NetworkInterface> interfaces, String device, String family) {
        return interfaces.stream().filter(n -> n.name().equals(device)).findFirst().flatMap(nic -> {
            List<Address> candidates = nic.addresses().stream()
                    .filter(a -> a.family().equals(family) && !IpAddresses.isLinkLocal(a.address())).toList();
            return candidates.stream().filter(a -> a.gateway() != null).findFirst().or(() -> candidates.stream().findFirst())
                    .map(Address::address);
        });
    }
}
