package cloud.patchmon.agent.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;

/** Address text as the report carries it, and subnet arithmetic on it. */
final class IpAddresses {

    private IpAddresses() {
    }

    /** 32 hex digits as the kernel's /proc/net files print an IPv6 address, in RFC 5952 form (as {@code ip} prints it). */
    static String ipv6FromHex(String hex) {
        if (hex.length() != 32) {
            throw new IllegalArgumentException("not an IPv6 address: " + hex);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = Integer.parseInt(hex.substring(i * 4, i * 4 + 4), 16);
        }
        return ipv6Text(groups);
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first on a tie) as {@code ::}. */
    static String ipv6Text(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** /proc/net/route's gateway: the IPv4 address as 8 hex digits of a little-endian 32-bit word. */
    static String ipv4FromLittleEndianHex(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (bytes.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + hex);
        }
        return (bytes[3] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[0] & 0xff);
    }

    /** Whether {@code candidate} lies in {@code address}/{@code prefixLength}; false for unparseable text or mixed families. */
    static boolean contains(String address, int prefixLength, String candidate) {
        byte[] network = literal(address);
        byte[] other = literal(candidate);
        if (network == null || other == null || network.length != other.length || prefixLength > network.length * 8) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((network[bit / 8] & mask) != (other[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Link-local (169.254.0.0/16, fe80::/10): not an address the host is reached at. */
    static boolean isLinkLocal(String address) {
        return contains("169.254.0.0", 16, address) || contains("fe80::", 10, address);
    }

    private static byte[] literal(String text) {
        // Only IP literals reach InetAddress: anything with a letter beyond hex digits could trigger a DNS lookup.
        if (text == null || text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
