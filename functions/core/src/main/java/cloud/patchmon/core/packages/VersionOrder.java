package cloud.patchmon.core.packages;

import java.util.Comparator;

/**
 * Which of two package versions is newer, by Debian's rule ({@code dpkg --compare-versions}), for
 * the versions of every package manager: {@code [epoch:]upstream[-revision]}, the epoch compared as
 * a number, then upstream and revision alike by alternating runs of non-digits (letters before
 * other characters, {@code ~} before everything, even the end) and digits (as numbers, so
 * {@code 1.10 > 1.9}). That also orders the usual RPM, APK, pkg and winget versions (dotted
 * numbers, release suffixes, {@code ~} pre-releases, epochs) as their own tools do; it differs in
 * corners such as APK's {@code _rc} suffixes, which it sorts after the release. A version with no
 * number before its first {@code :} has no epoch.
 *
 * <p>The order is given as a {@link #sortKey sort key}: plain ASCII whose byte order is the version
 * order, so DynamoDB can compare versions in a condition expression and keep the newest without a
 * read. Only the first {@value #MAX_LENGTH} characters of a version count.
 */
public final class VersionOrder {

    static final int MAX_LENGTH = 200;

    /** Sorts like Debian's "end of a run": after {@code ~}, before every letter. Also ends a part. */
    private static final char END = '"';
    private static final char TILDE = '!';
    private static final char ASCII_OTHER = '{';
    private static final char WIDE_OTHER = '|';

    public static final Comparator<String> NEWEST_LAST = Comparator.comparing(VersionOrder::sortKey);

    private VersionOrder() {
    }

    /** Equal keys for versions Debian holds equal (such as {@code 1.01} and {@code 1.1}). */
    public static String sortKey(String version) {
        String v = version.trim();
        if (v.length() > MAX_LENGTH) {
            v = v.substring(0, MAX_LENGTH);
        }
        StringBuilder key = new StringBuilder(v.length() * 2 + 16);
        int colon = v.indexOf(':');
        String epoch = colon > 0 && v.substring(0, colon).chars().allMatch(VersionOrder::isDigit) ? v.substring(0, colon) : "";
        String rest = epoch.isEmpty() ? v : v.substring(colon + 1);
        number(key, epoch);
        int hyphen = rest.lastIndexOf('-');
        part(key, hyphen < 0 ? rest : rest.substring(0, hyphen));
        part(key, hyphen < 0 ? "" : rest.substring(hyphen + 1));
        return key.toString();
    }

    public static int compare(String a, String b) {
        return sortKey(a).compareTo(sortKey(b));
    }

    /**
     * Pairs of (non-digit run, number). The first pair is always written, even empty, so an empty
     * part equals {@code 0}; every later run is non-empty (it follows a digit), so where one part
     * ends and the other goes on, {@link #END} meets a run's first character and sorts as Debian's end does.
     */
    private static void part(StringBuilder key, String s) {
        int i = 0;
        do {
            while (i < s.length() && !isDigit(s.charAt(i))) {
                character(key, s.charAt(i++));
            }
            key.append(END);
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            number(key, s.substring(start, i));
        } while (i < s.length());
        key.append(END);
    }

    /** Without leading zeros, after its length: a longer number is a bigger one. */
    private static void number(StringBuilder key, String digits) {
        int from = 0;
        while (from < digits.length() && digits.charAt(from) == '0') {
            from++;
        }
        key.append(String.format("%03d", digits.length() - from)).append(digits, from, digits.length());
    }

    private static void character(StringBuilder key, char c) {
        if (c == '~') {
            key.append(TILDE);
        } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            key.append(c);
        } else if (c < 0x80) {
            key.append(ASCII_OTHER).append(c);
        } else {
            key.append(WIDE_OTHER).append(String.format("%04x", (int) c));
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
