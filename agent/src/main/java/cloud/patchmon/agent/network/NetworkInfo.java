package cloud.patchmon.agent.network;

import cloud.patchmon.protocol.NetworkInterface;

import java.util.List;

/**
 * The host's network view (the Network tab of spec ch. 4).
 *
 * @param interfaces every interface but loopback, with addresses and netmasks
 * @param gatewayIp  the default IPv4 gateway, {@code null} when there is none
 * @param dnsServers nameservers in resolv.conf order
 * @param primaryIp  the address of the interface carrying the default route, else the first global address
 */
public record NetworkInfo(List<NetworkInterface> interfaces, String gatewayIp, List<String> dnsServers, String primaryIp) {
}
