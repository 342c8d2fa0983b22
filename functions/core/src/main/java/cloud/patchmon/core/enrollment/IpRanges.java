package cloud.patchmon.core.enrollment;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A token's IP allow-list entries: exact addresses and CIDR ranges, IPv4 and IPv6. Only literals
 * are accepted (never a name, which would mean a DNS lookup), and an IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.10}) is the IPv4 address it carries, on either side of the comparison.
 */
public final class IpRanges {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpRanges() {
    }

    /** One parsed entry: an address and how many leading bits must match. */
    record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    public static boolean isValid(String entry) {
        return parse(entry).isPresent();
    }

    /** Whether {@code clientIp} matches any entry; an empty list allows every address. */
    public static boolean allows(List<String> entries, String clientIp) {
        if (entries == null || entries.isEmpty()) {
            return true;
        }
        Optional<InetAddress> client = address(clientIp == null ? "" : clientIp.trim());
        if (client.isEmpty()) {
            return false;
        }
        byte[] bytes = client.get().getAddress();
        return entries.stream().map(IpRanges::parse).flatMap(Optional::stream).anyMatch(r -> r.contains(bytes));
    }

    /**
     * One spelling per address, so that rate-limit keys, stored sessions and allow-list checks
     * agree however a proxy wrote it: IPv4 dotted quads; an IPv4-mapped IPv6 address as the IPv4
     * address it carries; other IPv6 addresses in RFC 5952 form (lower case, no leading zeros, the
     * longest run of two or more zero groups as {@code ::}). Empty for anything that is not a
     * literal address (names, ports, brackets, zone ids).
     */
    public static Optional<String> canonical(String literal) {
        return address(literal == null ? "" : literal.trim()).map(a -> a instanceof Inet6Address v6 ? rfc5952(v6.getAddress()) : a.getHostAddress());
    }

    private static String rfc5952(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    static Optional<Range> parse(String entry) {
        if (entry == null) {
            return Optional.empty();
        }
        String text = entry.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        Optional<InetAddress> address = address(host);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        boolean mappedV4 = address.get() instanceof Inet4Address && host.contains(":");
        int bits = address.get().getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (!digits.matches("\\d{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(digits);
            if (mappedV4) {
                // ::ffff:a.b.c.d/104 names the same range as a.b.c.d/8.
                if (prefix < 96 || prefix > 128) {
                    return Optional.empty();
                }
                prefix -= 96;
            } else if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Range(address.get().getAddress(), prefix));
    }

    /** Parses a literal without any lookup; Java turns IPv4-mapped IPv6 literals into IPv4 addresses. */
    private static Optional<InetAddress> address(String literal) {
        boolean v4 = IPV4.matcher(literal).matches();
        boolean v6 = !v4 && literal.contains(":") && IPV6.matcher(literal).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }
}
