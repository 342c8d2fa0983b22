package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.protocol.NetworkInterface.Address;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IPv6 addresses per interface from {@code /proc/net/if_inet6}, for hosts without a JSON-capable {@code ip}. */
final class ProcIfInet6 {

    /** IFA_F_TEMPORARY: a privacy address, left out as {@link IpJsonAddresses} leaves it out. */
    private static final int TEMPORARY = 0x01;

    private final HostFiles files;

    ProcIfInet6(HostFiles files) {
        this.files = files;
    }

    /** Lines: address (32 hex digits), ifindex, prefix length, scope, flags (all hex), interface name. */
    Map<String, List<Address>> read() {
        Map<String, List<Address>> byInterface = new LinkedHashMap<>();
        for (String line : files.lines("/proc/net/if_inet6")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 6 || fields[0].length() != 32) {
                continue;
            }
            try {
                if ((Integer.parseInt(fields[4], 16) & TEMPORARY) != 0) {
                    continue;
                }
                Address address = new Address(IpAddresses.ipv6FromHex(fields[0]), "inet6", "/" + Integer.parseInt(fields[2], 16), null);
                byInterface.computeIfAbsent(fields[5], name -> new ArrayList<>()).add(address);
            } catch (IllegalArgumentException e) {
                // A malformed line is skipped; the others still describe the host.
            }
        }
        return byInterface;
    }
}
