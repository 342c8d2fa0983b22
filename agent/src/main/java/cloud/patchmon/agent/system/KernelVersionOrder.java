package cloud.patchmon.agent.system;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders kernel release strings ({@code uname -r}) the way rpm and dpkg order versions: digit runs
 * compare as numbers ({@code 6.1.0-18} is newer than {@code 6.1.0-9}), letter runs as text, a digit run
 * beats a letter run, and when one string is a prefix of the other the longer is newer. Separators
 * ({@code . - _ +}) only split runs.
 */
final class KernelVersionOrder implements Comparator<String> {

    private static final Pattern RUN = Pattern.compile("\\d+|[A-Za-z]+");

    /** dpkg-style names put the flavour after the ABI number: {@code 6.1.0-18-cloud-amd64}, {@code 6.8.0-45-generic}. */
    private static final Pattern DEB_FLAVOUR = Pattern.compile("^\\d+(?:\\.\\d+)*-\\d+(?:\\.\\d+)*-(.+)$");

    /** rpm-style names mark variants with a plus: {@code 5.14.0-427.el9.x86_64+debug}. */
    private static final Pattern RPM_VARIANT = Pattern.compile("\\+([A-Za-z0-9_]+)$");

    @Override
    public int compare(String a, String b) {
        Matcher left = RUN.matcher(a);
        Matcher right = RUN.matcher(b);
        while (true) {
            boolean hasLeft = left.find();
            boolean hasRight = right.find();
            if (!hasLeft || !hasRight) {
                return Boolean.compare(hasLeft, hasRight);
            }
            int order = compareRuns(left.group(), right.group());
            if (order != 0) {
                return order;
            }
        }
    }

    /**
     * The kernel's flavour ({@code amd64}, {@code cloud-amd64}, {@code generic}, {@code lts}, {@code +debug}),
     * empty when the name carries none; kernels of another flavour are not upgrades of the running one.
     */
    static String flavour(String release) {
        Matcher deb = DEB_FLAVOUR.matcher(release);
        if (deb.matches()) {
            return deb.group(1);
        }
        Matcher rpm = RPM_VARIANT.matcher(release);
        return rpm.find() ? "+" + rpm.group(1) : "";
    }

    private static int compareRuns(String a, String b) {
        boolean numericA = Character.isDigit(a.charAt(0));
        boolean numericB = Character.isDigit(b.charAt(0));
        if (numericA != numericB) {
            return numericA ? 1 : -1;
        }
        if (!numericA) {
            return a.compareTo(b);
        }
        String trimmedA = a.replaceFirst("^0+(?=.)", "");
        String trimmedB = b.replaceFirst("^0+(?=.)", "");
        // Digit runs can exceed a long (date-stamped builds); compare by length first, then lexically.
        int byLength = Integer.compare(trimmedA.length(), trimmedB.length());
        return byLength != 0 ? byLength : trimmedA.compareTo(trimmedB);
    }
}
