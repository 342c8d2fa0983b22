package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.RecordedCommands;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.NetworkInterface.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class NetworkCollectorFixtureTest {

    private static final Ipv4Addresses NO_FALLBACK = () -> {
        throw new AssertionError("ip -j answered: the IPv4 fallback must not run");
    };

    @Test
    void debian12CapturedFromARealVm() {
        RecordedCommands commands = new RecordedCommands().answer("ip -j addr show", NetworkFixtures.output("debian12", "ip-addr.json"), 0);

        NetworkInfo info = new NetworkCollector(NetworkFixtures.host("debian12"), commands, NO_FALLBACK).collect();

        assertThat(info.interfaces()).extracting(NetworkInterface::name).as("loopback is left out").containsExactly("eth0", "ifb0", "ifb1");
        assertThat(info.interfaces().get(0)).isEqualTo(new NetworkInterface("eth0", "ethernet", "02:fc:00:00:00:01", 1400, "up", -1, null, List.of(
                new Address("192.0.2.2", "inet", "/24", "192.0.2.1"),
                new Address("fd00::2", "inet6", "/64", "fd00::1"),
                new Address("fe80::fc:ff:fe00:1", "inet6", "/64", null))));
        assertThat(info.interfaces().get(1)).as("an ifb has no device behind it")
                .isEqualTo(new NetworkInterface("ifb0", "virtual", "1a:ba:e3:82:16:eb", 1500, "down", -1, null, List.of()));
        assertThat(info.gatewayIp()).isEqualTo("192.0.2.1");
        assertThat(info.dnsServers()).containsExactly("10.255.255.53");
        assertThat(info.primaryIp()).isEqualTo("192.0.2.2");
    }

    @Test
    void withoutIpJsonTheProcFilesAndTheIpv4FallbackGiveTheSameAddresses() {
        RecordedCommands withIp = new RecordedCommands().answer("ip -j addr show", NetworkFixtures.output("debian12", "ip-addr.json"), 0);
        NetworkInfo viaIp = new NetworkCollector(NetworkFixtures.host("debian12"), withIp, NO_FALLBACK).collect();
        Ipv4Addresses jdk = () -> Map.of("lo", List.of(new Address("127.0.0.1", "inet", "/8", null)),
                "eth0", List.of(new Address("192.0.2.2", "inet", "/24", null)));

        NetworkInfo viaProc = new NetworkCollector(NetworkFixtures.host("debian12"), new RecordedCommands(), jdk).collect();

        for (int i = 0; i < viaIp.interfaces().size(); i++) {
            assertThat(viaProc.interfaces().get(i).addresses()).containsExactlyInAnyOrderElementsOf(viaIp.interfaces().get(i).addresses());
        }
        assertThat(viaProc.primaryIp()).isEqualTo(viaIp.primaryIp());
    }

    @Test
    void hypervisorWithBondVlanBridgeWireguardAndWifi() {
        RecordedCommands commands = new RecordedCommands().answer("ip -j addr show", NetworkFixtures.output("server-bond", "ip-addr.json"), 0);

        NetworkInfo info = new NetworkCollector(NetworkFixtures.host("server-bond"), commands, NO_FALLBACK).collect();

        assertThat(info.interfaces()).extracting(NetworkInterface::name, NetworkInterface::type, NetworkInterface::status).containsExactly(
                tuple("bond0", "bond", "up"),
                tuple("bond0.100", "vlan", "up"),
                tuple("eno1", "ethernet", "up"),
                tuple("eno2", "ethernet", "up"),
                tuple("tap100i0", "virtual", "down"),
                tuple("vmbr0", "bridge", "up"),
                tuple("wg0", "virtual", "up"),
                tuple("wlp2s0", "wireless", "down"));
        NetworkInterface eno1 = interfaceNamed(info, "eno1");
        assertThat(List.of(eno1.mtu(), eno1.linkSpeed())).containsExactly(9000, 10000);
        assertThat(eno1.duplex()).isEqualTo("full");
        assertThat(interfaceNamed(info, "wg0").macAddress()).as("a layer-3 tunnel has no MAC").isNull();
        assertThat(interfaceNamed(info, "vmbr0").linkSpeed()).isEqualTo(-1);
        assertThat(interfaceNamed(info, "vmbr0").addresses()).as("the temporary privacy address is left out").containsExactly(
                new Address("192.168.1.20", "inet", "/24", "192.168.1.1"),
                new Address("192.168.1.21", "inet", "/24", "192.168.1.1"),
                new Address("2001:db8:1234::20", "inet6", "/64", "fe80::1"),
                new Address("fe80::3eec:efff:fe12:3456", "inet6", "/64", null));
        assertThat(interfaceNamed(info, "bond0.100").addresses()).as("the metric-200 default route is not the one in use")
                .containsExactly(new Address("10.10.100.5", "inet", "/24", null), new Address("fe80::3eec:efff:fe12:3456", "inet6", "/64", null));
        assertThat(info.gatewayIp()).isEqualTo("192.168.1.1");
        assertThat(info.dnsServers()).as("systemd-resolved's stub is replaced by its upstream servers")
                .containsExactly("192.168.1.53", "2001:db8:1234::53");
        assertThat(info.primaryIp()).isEqualTo("192.168.1.20");
    }

    @Test
    void alpineWithBusyboxIpFallsBackAndAnOnLinkGatewayServesItsSlash32() {
        RecordedCommands commands = new RecordedCommands().answerText("ip -j addr show", "", "BusyBox v1.36.1 multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n", 1);
        Ipv4Addresses jdk = () -> Map.of("lo", List.of(new Address("127.0.0.1", "inet", "/8", null)),
                "eth0", List.of(new Address("203.0.113.10", "inet", "/32", null)));

        NetworkInfo info = new NetworkCollector(NetworkFixtures.host("alpine-cloud"), commands, jdk).collect();

        assertThat(interfaceNamed(info, "eth0")).isEqualTo(new NetworkInterface("eth0", "ethernet", "96:00:03:a1:b2:c3", 1500, "up", -1, null, List.of(
                new Address("203.0.113.10", "inet", "/32", "172.31.1.1"),
                new Address("2001:db8:c0c0:1234::1", "inet6", "/64", "fe80::1"),
                new Address("fe80::9400:3ff:fea1:b2c3", "inet6", "/64", null))));
        assertThat(interfaceNamed(info, "eth1")).isEqualTo(new NetworkInterface("eth1", "ethernet", "86:00:00:5e:2f:11", 1450, "down", -1, null, List.of()));
        assertThat(info.gatewayIp()).isEqualTo("172.31.1.1");
        assertThat(info.dnsServers()).containsExactly("198.51.100.1", "2001:db8:ff00::add:1", "198.51.100.2");
        assertThat(info.primaryIp()).isEqualTo("203.0.113.10");
    }

    @Test
    void freeBsdFromIfconfigAndNetstat() {
        RecordedCommands commands = new RecordedCommands()
                .answer("ifconfig -a", NetworkFixtures.output("freebsd14", "ifconfig-a.txt"), 0)
                .answer("netstat -rn", NetworkFixtures.output("freebsd14", "netstat-rn.txt"), 0);

        NetworkInfo info = new NetworkCollector(NetworkFixtures.host("freebsd14"), commands, NO_FALLBACK).collect();

        assertThat(info.interfaces()).extracting(NetworkInterface::name, NetworkInterface::type, NetworkInterface::status).containsExactly(
                tuple("igb0", "ethernet", "up"),
                tuple("igb1", "ethernet", "up"),
                tuple("ix0", "ethernet", "down"),
                tuple("lagg0", "bond", "up"),
                tuple("vlan20", "vlan", "up"),
                tuple("bridge0", "bridge", "up"),
                tuple("epair0a", "virtual", "up"),
                tuple("wg0", "virtual", "up"));
        assertThat(interfaceNamed(info, "igb0")).isEqualTo(
                new NetworkInterface("igb0", "ethernet", "00:25:90:ab:cd:01", 1500, "up", 1000, "full", List.of()));
        assertThat(interfaceNamed(info, "epair0a").linkSpeed()).isEqualTo(10_000);
        assertThat(interfaceNamed(info, "ix0").linkSpeed()).as("no carrier, no negotiated speed").isEqualTo(-1);
        assertThat(interfaceNamed(info, "lagg0").addresses()).as("zone ids stripped, the temporary address left out").containsExactly(
                new Address("192.0.2.10", "inet", "/24", "192.0.2.1"),
                new Address("192.0.2.11", "inet", "/32", null),
                new Address("fe80::225:90ff:feab:cd01", "inet6", "/64", null),
                new Address("2001:db8:10::10", "inet6", "/64", "fe80::1"));
        assertThat(interfaceNamed(info, "wg0").macAddress()).isNull();
        assertThat(info.gatewayIp()).isEqualTo("192.0.2.1");
        assertThat(info.dnsServers()).containsExactly("192.0.2.53", "2001:db8:53::1");
        assertThat(info.primaryIp()).isEqualTo("192.0.2.10");
    }

    @Test
    void withoutADefaultRouteThePrimaryIpIsTheFirstRoutableAddress(@TempDir Path root) throws IOException {
        Path eth0 = Files.createDirectories(root.resolve("sys/class/net/eth0"));
        Files.writeString(eth0.resolve("type"), "1\n");
        Files.writeString(eth0.resolve("operstate"), "up\n");
        Ipv4Addresses jdk = () -> Map.of("eth0", List.of(new Address("169.254.10.1", "inet", "/16", null)));
        Files.createDirectories(root.resolve("proc/net"));
        Files.writeString(root.resolve("proc/net/if_inet6"), "fe800000000000000000000000000001 02 40 20 80 eth0\n20010db8000000000000000000000042 02 40 00 80 eth0\n");

        NetworkInfo info = new NetworkCollector(new HostFiles(root), new RecordedCommands(), jdk).collect();

        assertThat(info.gatewayIp()).isNull();
        assertThat(info.primaryIp()).as("link-local addresses are skipped, IPv6 serves when there is no routable IPv4").isEqualTo("2001:db8::42");
        assertThat(info.interfaces().get(0).addresses()).extracting(Address::gateway).containsOnlyNulls();
        assertThat(info.dnsServers()).isEmpty();
    }

    @Test
    void anEmptyHostHasNoInterfaces(@TempDir Path root) {
        NetworkInfo info = new NetworkCollector(new HostFiles(root), new RecordedCommands(), Map::of).collect();

        assertThat(info).isEqualTo(new NetworkInfo(List.of(), null, List.of(), null));
    }

    private static NetworkInterface interfaceNamed(NetworkInfo info, String name) {
        return info.interfaces().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }
}
