package cloud.patchmon.agent.network;

import cloud.patchmon.protocol.NetworkInterface;

import java.util.List;

/**
 * The host's network view (the Network tab of spec ch. 4).
 *
 * @param interfaces every interface but loopback, by name, with addresses and CIDR netmasks ({@code /24});
 *                   IPv6 privacy (temporary) addresses are left out because they rotate daily
 * @param gatewayIp  the default IPv4 gateway in use (lowest metric), {@code null} when there is none
 * @param dnsServers nameservers in resolv.conf order, systemd-resolved's upstream servers instead of its local stub
 * @param primaryIp  the IPv4 address of the interface carrying the default route, else the IPv6 default
 *                   route's, else the first address that is not link-local; {@code null} when there is none
 */
public record NetworkInfo(List<NetworkInterface> interfaces, String gatewayIp, List<String> dnsServers, String primaryIp) {
}
