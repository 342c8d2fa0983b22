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
 * {@code ifconfig -a} and default routes from {@code netstat -rn}; resolvers from resolv.conf. Gateways and
 * the primary IP follow from the default routes (see {@link DefaultRouteAddresses}). Missing files yield
 * empty or {@code null} fields.
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
        List<NetworkInterface> interfaces = DefaultRouteAddresses.withGateways(found, v4, v6);
        return new NetworkInfo(interfaces, v4.map(RouteTable.DefaultRoute::gateway).orElse(null), resolvConf.servers(),
                DefaultRouteAddresses.primaryIp(interfaces, v4, v6));
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

    private Map<String, List<Address>> fallbackAddresses() {
        Map<String, List<Address>> merged = new LinkedHashMap<>();
        ipv4Fallback.read().forEach((name, list) -> merged.computeIfAbsent(name, n -> new ArrayList<>()).addAll(list));
        ifInet6.read().forEach((name, list) -> merged.computeIfAbsent(name, n -> new ArrayList<>()).addAll(list));
        return merged;
    }
}
