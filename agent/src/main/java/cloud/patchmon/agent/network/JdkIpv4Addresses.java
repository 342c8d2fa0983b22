package cloud.patchmon.agent.network;

import cloud.patchmon.protocol.NetworkInterface.Address;

import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The running host's IPv4 addresses as the JDK enumerates them (netlink/ioctl underneath). */
final class JdkIpv4Addresses implements Ipv4Addresses {

    @Override
    public Map<String, List<Address>> read() {
        Map<String, List<Address>> byInterface = new LinkedHashMap<>();
        try {
            Enumeration<java.net.NetworkInterface> nics = java.net.NetworkInterface.getNetworkInterfaces();
            for (java.net.NetworkInterface nic : nics == null ? List.<java.net.NetworkInterface>of() : Collections.list(nics)) {
                List<Address> addresses = byInterface.computeIfAbsent(nic.getName(), name -> new ArrayList<>());
                // The JDK lists legacy aliases (eth0:1) as sub-interfaces; their addresses belong to the parent link.
                List<java.net.NetworkInterface> withAliases = new ArrayList<>(List.of(nic));
                withAliases.addAll(Collections.list(nic.getSubInterfaces()));
                for (java.net.NetworkInterface each : withAliases) {
                    for (InterfaceAddress bound : each.getInterfaceAddresses()) {
                        if (bound.getAddress() instanceof Inet4Address v4) {
                            Address address = new Address(v4.getHostAddress(), "inet", "/" + bound.getNetworkPrefixLength(), null);
                            if (!addresses.contains(address)) {
                                addresses.add(address);
                            }
                        }
                    }
                }
            }
        } catch (SocketException e) {
            return Map.of();
        }
        return byInterface;
    }
}
