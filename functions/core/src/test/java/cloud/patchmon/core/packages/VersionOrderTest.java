package cloud.patchmon.core.packages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class VersionOrderTest {

    /** Each expectation is what {@code dpkg --compare-versions} 1.21 answers for the pair. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            "1.0 lt 1.0.0",
            "1.0~rc1 lt 1.0",
            "9.0~beta lt 9.0",
            "1.9 lt 1.10",
            "1.01 eq 1.1",
            "1:1.0 gt 2.0",
            "0.9 eq 0:0.9",
            "2.0-1 lt 2.0-1ubuntu1",
            "2.0-1ubuntu1 lt 2.0-1ubuntu1.1",
            "3.0.2-0ubuntu1.10 gt 3.0.2-0ubuntu1.9",
            "3.0.11-1~deb12u2 lt 3.0.11-1",
            "3.0.13 gt 3.0.2",
            "7.88.1-10+deb12u5 lt 7.88.1-10+deb12u12",
            "1.2.3-r4 lt 1.2.3-r10",
            "5.14.0-362.8.1.el9_3 lt 5.14.0-427.13.1.el9_4",
            "1.22.1 lt 1.22.1-1",
            "1.0-0 eq 1.0",
            "2.38.1-5+b1 gt 2.38.1-5",
            "1.0a gt 1.0",
            "1.0a lt 1.0.1",
            "1.0 lt 1.0+git20240101",
            "2:8.2.3995-1ubuntu2.15 lt 2:9.0.1378-2",
    })
    void ordersVersionsAsDpkgDoes(String a, String relation, String b) {
        int expected = switch (relation) {
            case "lt" -> -1;
            case "eq" -> 0;
            default -> 1;
        };
        assertThat(Integer.signum(VersionOrder.compare(a, b))).isEqualTo(expected);
        assertThat(Integer.signum(VersionOrder.compare(b, a))).isEqualTo(-expected);
    }

    @Test
    void agreesWithDebiansAlgorithmOnRandomVersions() {
        Random random = new Random(20261124);
        String alphabet = "00123456789..~~+-:aAzZ_";
        for (int n = 0; n < 50_000; n++) {
            String a = randomVersion(random, alphabet);
            String b = random.nextInt(4) == 0 ? mutate(random, a, alphabet) : randomVersion(random, alphabet);
            assertThat(Integer.signum(VersionOrder.compare(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(Dpkg.compare(a, b)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2.38.1-5+deb12u1", "ü-1", "1.0\"x", "~~", ""})
    void sortKeysArePlainAscii(String version) {
        assertThat(VersionOrder.sortKey(version).chars()).allMatch(c -> c < 0x80);
    }

    @Test
    void onlyTheFirstCharactersCount() {
        String base = "1.".repeat(VersionOrder.MAX_LENGTH / 2);
        assertThat(VersionOrder.compare(base + "1", base + "2")).isZero();
        assertThat(VersionOrder.compare(base.substring(2) + "1", base.substring(2) + "2")).isNegative();
    }

    private static String randomVersion(Random random, String alphabet) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(9); i > 0; i--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Close versions exercise the tie-breaking paths that random pairs rarely reach. */
    private static String mutate(Random random, String version, String alphabet) {
        StringBuilder s = new StringBuilder(version);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        if (s.isEmpty() || random.nextBoolean()) {
            s.insert(random.nextInt(s.length() + 1), c);
        } else {
            s.setCharAt(random.nextInt(s.length()), c);
        }
        return s.toString();
    }

    /** A transcription of dpkg's {@code verrevcmp} and version split, the oracle. */
    private static final class Dpkg {

        static int compare(String a, String b) {
            String[] x = split(a);
            String[] y = split(b);
            int epochs = new BigInteger(x[0]).compareTo(new BigInteger(y[0]));
            if (epochs != 0) {
                return epochs;
            }
            int upstream = verrevcmp(x[1], y[1]);
            return upstream != 0 ? upstream : verrevcmp(x[2], y[2]);
        }

        private static String[] split(String v) {
            int colon = v.indexOf(':');
            boolean epoch = colon > 0 && v.substring(0, colon).chars().allMatch(Character::isDigit);
            String rest = epoch ? v.substring(colon + 1) : v;
            int hyphen = rest.lastIndexOf('-');
            return new String[] {epoch ? v.substring(0, colon) : "0", hyphen < 0 ? rest : rest.substring(0, hyphen),
                    hyphen < 0 ? "" : rest.substring(hyphen + 1)};
        }

        private static int order(String s, int i) {
            if (i >= s.length()) {
                return 0;
            }
            char c = s.charAt(i);
            if (isDigit(s, i)) {
                return 0;
            }
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                return c;
            }
            return c == '~' ? -1 : c + 256;
        }

        private static boolean isDigit(String s, int i) {
            return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
        }

        private static int verrevcmp(String a, String b) {
            int i = 0;
            int j = 0;
            while (i < a.length() || j < b.length()) {
                int firstDiff = 0;
                while ((i < a.length() && !isDigit(a, i)) || (j < b.length() && !isDigit(b, j))) {
                    int ac = order(a, i);
                    int bc = order(b, j);
                    if (ac != bc) {
                        return ac - bc;
                    }
                    i++;
                    j++;
                }
                while (i < a.length() && a.charAt(i) == '0') {
                    i++;
                }
                while (j < b.length() && b.charAt(j) == '0') {
                    j++;
                }
                while (isDigit(a, i) && isDigit(b, j)) {
                    if (firstDiff == 0) {
                        firstDiff = a.charAt(i) - b.charAt(j);
                    }
                    i++;
                    j++;
                }
                if (isDigit(a, i)) {
                    return 1;
                }
                if (isDigit(b, j)) {
                    return -1;
                }
                if (firstDiff != 0) {
                    return firstDiff;
                }
            }
            return 0;
        }
    }
}
