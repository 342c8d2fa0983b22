package cloud.patchmon.agent.network;

import cloud.patchmon.protocol.NetworkInterface.Address;

import java.util.List;
import java.util.Map;

/** IPv4 addresses per interface name, where {@code ip -j} is not available: Linux has no /proc file listing them per interface. */
interface Ipv4Addresses {

    /** By interface name; empty when they cannot be read. */
    Map<String, List<Address>> read();
}
