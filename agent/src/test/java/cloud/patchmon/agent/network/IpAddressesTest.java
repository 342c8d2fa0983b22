package cloud.patchmon.agent.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressesTest {

    /** RFC 5952 section 4's rules, each case one rule. */
    @ParameterizedTest
    @CsvSource({
            "20010db8000000000000000000000001, 2001:db8::1",
            "20010db8000000010000000000000001, 2001:db8:0:1::1",
            "20010db8000000000001000000000001, 2001:db8::1:0:0:1",
            "20010db8000000010001000100010001, 2001:db8:0:1:1:1:1:1",
            "20010db8000000000001000000000000, 2001:db8:0:0:1::",
            "00000000000000000000000000000000, ::",
            "00000000000000000000000000000001, ::1",
            "fe8000000000000000fc00fffe000001, fe80::fc:ff:fe00:1",
            "20010DB8AAAA0000BBBB0000CCCC0000, 2001:db8:aaaa:0:bbbb:0:cccc:0",
    })
    void ipv6IsPrintedInRfc5952Form(String hex, String text) {
        assertThat(IpAddresses.ipv6FromHex(hex)).isEqualTo(text);
    }

    @Test
    void procNetRouteGatewaysAreLittleEndian() {
        assertThat(IpAddresses.ipv4FromLittleEndianHex("010200C0")).isEqualTo("192.0.2.1");
        assertThat(IpAddresses.ipv4FromLittleEndianHex("FE01A8C0")).isEqualTo("192.168.1.254");
    }

    @Test
    void containmentRespectsThePrefixBitByBit() {
        assertThat(IpAddresses.contains("192.168.1.20", 24, "192.168.1.1")).isTrue();
        assertThat(IpAddresses.contains("192.168.1.20", 24, "192.168.2.1")).isFalse();
        assertThat(IpAddresses.contains("10.0.0.5", 9, "10.127.255.255")).isTrue();
        assertThat(IpAddresses.contains("10.0.0.5", 9, "10.128.0.0")).isFalse();
        assertThat(IpAddresses.contains("203.0.113.10", 32, "172.31.1.1")).isFalse();
        assertThat(IpAddresses.contains("2001:db8:1234::20", 64, "2001:db8:1234::1")).isTrue();
        assertThat(IpAddresses.contains("2001:db8:1234::20", 64, "192.168.1.1")).as("mixed families").isFalse();
        assertThat(IpAddresses.contains("gateway.example", 24, "192.168.1.1")).as("never a name lookup").isFalse();
    }

    @Test
    void linkLocalCoversBothFamilies() {
        assertThat(IpAddresses.isLinkLocal("169.254.3.4")).isTrue();
        assertThat(IpAddresses.isLinkLocal("fe80::1")).isTrue();
        assertThat(IpAddresses.isLinkLocal("febf::1")).isTrue();
        assertThat(IpAddresses.isLinkLocal("fec0::1")).isFalse();
        assertThat(IpAddresses.isLinkLocal("192.0.2.2")).isFalse();
    }
}
