package cloud.patchmon.core.enrollment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IpRangesTest {

    @Test
    void anEmptyListAllowsEveryone() {
        assertThat(IpRanges.allows(List.of(), "203.0.113.9")).isTrue();
        assertThat(IpRanges.allows(null, "2001:db8::1")).isTrue();
    }

    @Test
    void exactIpv4AddressesMatchOnlyThemselves() {
        List<String> ranges = List.of("192.168.1.10", "10.0.0.5");

        assertThat(IpRanges.allows(ranges, "192.168.1.10")).isTrue();
        assertThat(IpRanges.allows(ranges, "10.0.0.5")).isTrue();
        assertThat(IpRanges.allows(ranges, "192.168.1.11")).isFalse();
    }

    @Test
    void ipv4CidrRangesMatchTheirNetworkOnly() {
        List<String> ranges = List.of("10.0.0.0/24", "172.16.0.0/12");

        assertThat(IpRanges.allows(ranges, "10.0.0.0")).isTrue();
        assertThat(IpRanges.allows(ranges, "10.0.0.255")).isTrue();
        assertThat(IpRanges.allows(ranges, "10.0.1.0")).isFalse();
        assertThat(IpRanges.allows(ranges, "172.31.255.1")).isTrue();
        assertThat(IpRanges.allows(ranges, "172.32.0.1")).isFalse();
        assertThat(IpRanges.allows(List.of("0.0.0.0/0"), "198.51.100.7")).isTrue();
        assertThat(IpRanges.allows(List.of("192.168.1.7/32"), "192.168.1.7")).isTrue();
        assertThat(IpRanges.allows(List.of("192.168.1.7/31"), "192.168.1.6")).isTrue();
        assertThat(IpRanges.allows(List.of("192.168.1.7/31"), "192.168.1.8")).isFalse();
    }

    @Test
    void ipv6AddressesAndRangesMatch() {
        List<String> ranges = List.of("2001:db8:abcd::/48", "fe80::1");

        assertThat(IpRanges.allows(ranges, "2001:db8:abcd:12::5")).isTrue();
        assertThat(IpRanges.allows(ranges, "2001:db8:abce::5")).isFalse();
        assertThat(IpRanges.allows(ranges, "fe80:0:0:0:0:0:0:1")).isTrue();
        assertThat(IpRanges.allows(ranges, "fe80::2")).isFalse();
        assertThat(IpRanges.allows(ranges, "192.168.1.10")).isFalse();
    }

    @Test
    void ipv4MappedIpv6ClientsFollowTheIpv4Rules() {
        assertThat(IpRanges.allows(List.of("192.168.1.10"), "::ffff:192.168.1.10")).isTrue();
        assertThat(IpRanges.allows(List.of("192.168.1.0/24"), "::ffff:192.168.1.77")).isTrue();
        assertThat(IpRanges.allows(List.of("192.168.1.0/24"), "::ffff:192.168.2.1")).isFalse();
        assertThat(IpRanges.allows(List.of("::ffff:192.168.1.10"), "192.168.1.10")).isTrue();
        assertThat(IpRanges.allows(List.of("::ffff:10.0.0.0/104"), "10.200.0.1")).isTrue();
        assertThat(IpRanges.allows(List.of("::ffff:10.0.0.0/104"), "11.0.0.1")).isFalse();
    }

    @Test
    void onlyLiteralAddressesAndSanePrefixesAreValid() {
        assertThat(IpRanges.isValid("192.168.1.10")).isTrue();
        assertThat(IpRanges.isValid("10.0.0.0/8")).isTrue();
        assertThat(IpRanges.isValid("2001:db8::/32")).isTrue();
        assertThat(IpRanges.isValid("example.com")).isFalse();
        assertThat(IpRanges.isValid("localhost")).isFalse();
        assertThat(IpRanges.isValid("256.1.1.1")).isFalse();
        assertThat(IpRanges.isValid("1.2.3")).isFalse();
        assertThat(IpRanges.isValid("10.0.0.0/33")).isFalse();
        assertThat(IpRanges.isValid("2001:db8::/129")).isFalse();
        assertThat(IpRanges.isValid("10.0.0.0/")).isFalse();
        assertThat(IpRanges.isValid("10.0.0.0/-1")).isFalse();
        assertThat(IpRanges.isValid("fe80::1%eth0")).isFalse();
        assertThat(IpRanges.isValid("1:2:3")).isFalse();
        assertThat(IpRanges.isValid("")).isFalse();
        assertThat(IpRanges.isValid(null)).isFalse();
        assertThat(IpRanges.allows(List.of("10.0.0.0/8"), "not-an-ip")).isFalse();
        assertThat(IpRanges.allows(List.of("10.0.0.0/8"), null)).isFalse();
    }

    @Test
    void everyAddressHasOneCanonicalSpelling() {
        assertThat(IpRanges.canonical("198.51.100.23")).contains("198.51.100.23");
        assertThat(IpRanges.canonical(" 198.51.100.23 ")).contains("198.51.100.23");
        assertThat(IpRanges.canonical("::ffff:198.51.100.23")).as("IPv4-mapped").contains("198.51.100.23");
        assertThat(IpRanges.canonical("::FFFF:c633:6417")).as("IPv4-mapped, hex").contains("198.51.100.23");
        assertThat(IpRanges.canonical("2001:0DB8:0000:0000:0000:0000:0000:0001")).contains("2001:db8::1");
        assertThat(IpRanges.canonical("0:0:0:0:0:0:0:1")).contains("::1");
        assertThat(IpRanges.canonical("::")).contains("::");
        assertThat(IpRanges.canonical("2001:db8:0:1:0:0:0:1")).as("the longest zero run").contains("2001:db8:0:1::1");
        assertThat(IpRanges.canonical("2001:db8:0:0:1:0:0:1")).as("the first of equal runs").contains("2001:db8::1:0:0:1");
        assertThat(IpRanges.canonical("2001:db8:0:1:1:1:1:1")).as("a single zero group stays").contains("2001:db8:0:1:1:1:1:1");
        assertThat(IpRanges.canonical("fe80:0:0:0:0:0:0:0")).contains("fe80::");
        assertThat(IpRanges.canonical("2406:2d40:728d:fa10::c4a")).contains("2406:2d40:728d:fa10::c4a");
    }

    @Test
    void onlyBareLiteralsHaveACanonicalSpelling() {
        assertThat(IpRanges.canonical("198.51.100.23:46532")).as("with a port").isEmpty();
        assertThat(IpRanges.canonical("[2001:db8::1]")).as("bracketed").isEmpty();
        assertThat(IpRanges.canonical("fe80::1%eth0")).as("zone id").isEmpty();
        assertThat(IpRanges.canonical("198.51.100.23, 10.0.0.1")).as("a list").isEmpty();
        assertThat(IpRanges.canonical("localhost")).isEmpty();
        assertThat(IpRanges.canonical("")).isEmpty();
        assertThat(IpRanges.canonical(null)).isEmpty();
    }

    @Test
    void canonicalSpellingsMatchTheAllowList() {
        List<String> ranges = List.of("198.51.100.0/24", "2001:db8::/32");
        assertThat(IpRanges.allows(ranges, IpRanges.canonical("::ffff:198.51.100.9").orElseThrow())).isTrue();
        assertThat(IpRanges.allows(ranges, IpRanges.canonical("2001:0db8:0:0:0:0:0:7").orElseThrow())).isTrue();
    }
}
