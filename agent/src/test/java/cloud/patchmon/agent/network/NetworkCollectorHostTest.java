package cloud.patchmon.agent.network;

import cloud.patchmon.agent.host.CommandResult;
import cloud.patchmon.agent.host.CommandRunner;
import cloud.patchmon.agent.host.HostFiles;
import cloud.patchmon.agent.host.ProcessCommandRunner;
import cloud.patchmon.protocol.NetworkInterface;
import cloud.patchmon.protocol.NetworkInterface.Address;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the collector on the machine the tests run on and checks it against the JDK's and iproute2's view. */
class NetworkCollectorHostTest {

    private static final ProcessCommandRunner COMMANDS = new ProcessCommandRunner();
    private static NetworkInfo info;

    @BeforeAll
    static void collect() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && Files.isDirectory(Path.of("/sys/class/net")), "a Linux host");
        info = new NetworkCollector(HostFiles.system(), COMMANDS).collect();
    }

    @Test
    void interfacesAreSysfsLessLoopback() throws IOException {
        Set<String> sysfs;
        try (Stream<Path> entries = Files.list(Path.of("/sys/class/net"))) {
            sysfs = entries.filter(p -> Files.exists(p.resolve("type"))).map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals("lo")).collect(Collectors.toSet());
        }

        assertThat(info.interfaces()).extracting(NetworkInterface::name).containsExactlyInAnyOrderElementsOf(sysfs);
    }

    @Test
    void primaryIpIsOneOfTheInterfacesAddresses() {
        assumeTrue(info.primaryIp() != null, "a host with a routable address");

        assertThat(info.interfaces()).flatExtracting(NetworkInterface::addresses).extracting(Address::address).contains(info.primaryIp());
    }

    @Test
    void ipv4AddressesMtuAndMacMatchTheJdk() throws IOException {
        for (NetworkInterface nic : info.interfaces()) {
            java.net.NetworkInterface jdk = java.net.NetworkInterface.getByName(nic.name());
            if (jdk == null) {
                // The JDK enumerates interfaces through their addresses: one it does not know has none.
                assertThat(nic.addresses()).as(nic.name()).isEmpty();
                continue;
            }
            List<String> jdkV4 = jdk.getInterfaceAddresses().stream().filter(a -> a.getAddress() instanceof Inet4Address)
                    .map(NetworkCollectorHostTest::cidr).toList();
            List<String> ours = nic.addresses().stream().filter(a -> a.family().equals("inet")).map(a -> a.address() + a.netmask()).toList();

            assertThat(ours).as(nic.name()).containsExactlyInAnyOrderElementsOf(jdkV4);
            assertThat(nic.mtu()).as(nic.name()).isEqualTo(jdk.getMTU());
            byte[] mac = jdk.getHardwareAddress();
            if (mac != null && mac.length == 6) {
                assertThat(nic.macAddress()).as(nic.name()).isEqualTo(HexFormat.ofDelimiter(":").formatHex(mac));
            }
        }
    }

    @Test
    void theFallbackWithoutIpFindsWhatIpJsonFinds() {
        assumeTrue(COMMANDS.isAvailable("ip"), "iproute2 to compare with");
        CommandRunner noIp = new CommandRunner() {
            @Override
            public CommandResult run(List<String> command, Duration timeout) throws IOException {
                return COMMANDS.run(command, timeout);
            }

            @Override
            public boolean isAvailable(String program) {
                return !program.equals("ip") && COMMANDS.isAvailable(program);
            }
        };

        NetworkInfo fallback = new NetworkCollector(HostFiles.system(), noIp).collect();

        assertThat(fallback.interfaces()).extracting(NetworkInterface::name)
                .containsExactlyElementsOf(info.interfaces().stream().map(NetworkInterface::name).toList());
        for (int i = 0; i < info.interfaces().size(); i++) {
            assertThat(fallback.interfaces().get(i).addresses()).as(info.interfaces().get(i).name())
                    .containsExactlyInAnyOrderElementsOf(info.interfaces().get(i).addresses());
        }
        assertThat(fallback.primaryIp()).isEqualTo(info.primaryIp());
    }

    @Test
    void gatewayIsIproutesDefaultRoute() throws IOException {
        assumeTrue(COMMANDS.isAvailable("ip"), "iproute2 to compare with");
        JsonNode routes = new ObjectMapper().readTree(COMMANDS.run("ip", "-j", "-4", "route", "show", "default").stdout());
        String expected = routes.isArray() && !routes.isEmpty() && routes.get(0).has("gateway") ? routes.get(0).get("gateway").asText() : null;

        assertThat(info.gatewayIp()).isEqualTo(expected);
    }

    private static String cidr(InterfaceAddress address) {
        return address.getAddress().getHostAddress() + "/" + address.getNetworkPrefixLength();
    }
}
