package cloud.patchmon.agent.network;

import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.NetworkInterface.Address;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the default routes say about the addresses. A default route's gateway (only the route in use, the
 * lowest metric) is set on the addresses of its interface that it serves: those whose subnet holds it, or,
 * when none does (an on-link gateway outside a /32, IPv6's link-local router), every address of that family
 * on the interface; link-local addresses never carry it. The primary IP is the default route's address.
 */
final class DefaultRouteAddresses {

    private DefaultRouteAddresses() {
    }

    /** {@code interfaces} with the gateways of {@code v4} and {@code v6} set on the addresses they serve. */
    static List<NetworkInterface> withGateways(List<NetworkInterface> interfaces, Optional<RouteTable.DefaultRoute> v4,
                                               Optional<RouteTable.DefaultRoute> v6) {
        List<NetworkInterface> result = new ArrayList<>();
        for (NetworkInterface nic : interfaces) {
            List<Address> bound = withGateway(nic.addresses(), "inet", gatewayVia(v4, nic.name()));
            bound = withGateway(bound, "inet6", gatewayVia(v6, nic.name()));
            result.add(new NetworkInterface(nic.name(), nic.type(), nic.macAddress(), nic.mtu(), nic.status(), nic.linkSpeed(),
                    nic.duplex(), List.copyOf(bound)));
        }
        return List.copyOf(result);
    }

    private static String gatewayVia(Optional<RouteTable.DefaultRoute> route, String device) {
        return route.filter(r -> r.device().equals(device)).map(RouteTable.DefaultRoute::gateway).orElse(null);
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
    static String primaryIp(List<NetworkInterface> interfaces, Optional<RouteTable.DefaultRoute> v4,
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
