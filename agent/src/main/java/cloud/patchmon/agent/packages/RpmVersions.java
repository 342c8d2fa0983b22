package cloud.patchmon.agent.packages;

/**
 * RPM's ordering of {@code [epoch:]version[-release]} strings (rpmvercmp, including {@code ~} and
 * {@code ^}), so the agent picks the newest of several installed kernels and decides whether an
 * advisory's fixed version is newer than what is installed exactly as rpm, dnf and zypper would.
 */
final class RpmVersions {

    private RpmVersions() {
    }

    /** Negative, zero or positive as {@code left} is older than, equal to or newer than {@code right}. */
    static int compare(String left, String right) {
        Evr a = Evr.parse(left);
        Evr b = Evr.parse(right);
        int byEpoch = compareSegments(a.epoch(), b.epoch());
        if (byEpoch != 0) {
            return byEpoch;
        }
        int byVersion = compareSegments(a.version(), b.version());
        if (byVersion != 0 || a.release().isEmpty() || b.release().isEmpty()) {
            // rpm leaves the release out of the comparison when either side has none.
            return byVersion;
        }
        return compareSegments(a.release(), b.release());
    }

    /** rpmvercmp: one version or release string against another. */
    static int compareSegments(String one, String two) {
        if (one.equals(two)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < one.length() || j < two.length()) {
            while (i < one.length() && isSeparator(one.charAt(i))) {
                i++;
            }
            while (j < two.length() && isSeparator(two.charAt(j))) {
                j++;
            }
            boolean oneTilde = i < one.length() && one.charAt(i) == '~';
            boolean twoTilde = j < two.length() && two.charAt(j) == '~';
            if (oneTilde || twoTilde) {
                // A tilde sorts before anything, even the end of the string: 1.0~rc1 < 1.0.
                if (!oneTilde) {
                    return 1;
                }
                if (!twoTilde) {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            boolean oneCaret = i < one.length() && one.charAt(i) == '^';
            boolean twoCaret = j < two.length() && two.charAt(j) == '^';
            if (oneCaret || twoCaret) {
                // A caret sorts after the end of the string but before any other segment: 1.0 < 1.0^git1 < 1.0.1.
                if (i == one.length()) {
                    return -1;
                }
                if (j == two.length()) {
                    return 1;
                }
                if (!oneCaret) {
                    return 1;
                }
                if (!twoCaret) {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (i == one.length() || j == two.length()) {
                break;
            }
            boolean numeric = isDigit(one.charAt(i));
            int oneEnd = segmentEnd(one, i, numeric);
            int twoEnd = segmentEnd(two, j, numeric);
            if (twoEnd == j) {
                // Segments of different kinds: a numeric one is newer than an alphabetic one.
                return numeric ? 1 : -1;
            }
            int result = numeric
                    ? compareNumbers(one.substring(i, oneEnd), two.substring(j, twoEnd))
                    : Integer.signum(one.substring(i, oneEnd).compareTo(two.substring(j, twoEnd)));
            if (result != 0) {
                return result;
            }
            i = oneEnd;
            j = twoEnd;
        }
        if (i >= one.length() && j >= two.length()) {
            return 0;
        }
        return i >= one.length() ? -1 : 1;
    }

    private static int compareNumbers(String one, String two) {
        String a = stripLeadingZeros(one);
        String b = stripLeadingZeros(two);
        if (a.length() != b.length()) {
            return a.length() > b.length() ? 1 : -1;
        }
        return Integer.signum(a.compareTo(b));
    }

    private static String stripLeadingZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    private static int segmentEnd(String s, int from, boolean numeric) {
        int k = from;
        while (k < s.length() && (numeric ? isDigit(s.charAt(k)) : isAsciiLetter(s.charAt(k)))) {
            k++;
        }
        return k;
    }

    private static boolean isSeparator(char c) {
        return !isDigit(c) && !isAsciiLetter(c) && c != '~' && c != '^';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private record Evr(String epoch, String version, String release) {

        static Evr parse(String evr) {
            int colon = evr.indexOf(':');
            String epoch = colon > 0 ? evr.substring(0, colon) : "0";
            String rest = colon >= 0 ? evr.substring(colon + 1) : evr;
            int dash = rest.lastIndexOf('-');
            return dash < 0
                    ? new Evr(epoch, rest, "")
                    : new Evr(epoch, rest.substring(0, dash), rest.substring(dash + 1));
        }
    }
}
