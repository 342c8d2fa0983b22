package cloud.patchmon.protocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes compact JSON byte-for-byte as Go's {@code encoding/json.Marshal} does (Go 1.22+, v1 encoder,
 * the default {@code EscapeHTML=true}), for the handful of value kinds the canonical hash rows use.
 *
 * <p>Why a hand-written writer rather than Jackson: the hashes must equal the agent's, which are
 * SHA-256 over Go's output, and Jackson's defaults differ from Go in ways that change bytes —
 * Go escapes {@code < > &} as {@code \u003c \u003e \u0026} and U+2028/U+2029 as {@code \u2028}/
 * {@code \u2029}, uses {@code \b}/{@code \f} short escapes and lowercase hex, replaces unpaired
 * surrogates with {@code \ufffd}, and formats floats as the shortest round-trip decimal in plain
 * notation inside [1e-6, 1e21) and {@code 1e+21}/{@code 1e-7}-style exponents outside (Java 17's
 * {@code Double.toString} is neither shortest in every case nor in that notation). Field order is
 * whatever order the caller writes, which {@link CanonicalHashes} fixes to the Go struct
 * declaration order. Nothing here depends on reflection, annotations or mapper configuration.
 *
 * <p>Not thread-safe; one instance per encoding.
 */
final class GoJsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    /** One entry per open container: whether the next element is the first. */
    private final Deque<boolean[]> first = new ArrayDeque<>();
    /** Set by {@link #name}; the next value follows a colon, not a comma. */
    private boolean afterName;

    GoJsonWriter beginObject() {
        separator();
        out.append('{');
        first.push(new boolean[] {true});
        return this;
    }

    GoJsonWriter endObject() {
        first.pop();
        out.append('}');
        return this;
    }

    GoJsonWriter beginArray() {
        separator();
        out.append('[');
        first.push(new boolean[] {true});
        return this;
    }

    GoJsonWriter endArray() {
        first.pop();
        out.append(']');
        return this;
    }

    /** Writes a key; the value written next belongs to it. */
    GoJsonWriter name(String key) {
        separator();
        appendString(out, key);
        out.append(':');
        afterName = true;
        return this;
    }

    GoJsonWriter field(String key, String value) {
        return name(key).value(value);
    }

    GoJsonWriter field(String key, boolean value) {
        return name(key).value(value);
    }

    GoJsonWriter field(String key, long value) {
        return name(key).value(value);
    }

    GoJsonWriter field(String key, double value) {
        return name(key).value(value);
    }

    GoJsonWriter value(String value) {
        separator();
        appendString(out, value);
        return this;
    }

    GoJsonWriter value(boolean value) {
        separator();
        out.append(value ? "true" : "false");
        return this;
    }

    GoJsonWriter value(long value) {
        separator();
        out.append(value);
        return this;
    }

    GoJsonWriter value(double value) {
        separator();
        out.append(formatFloat64(value));
        return this;
    }

    GoJsonWriter nullValue() {
        separator();
        out.append("null");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separator() {
        if (afterName) {
            // A value directly after its key: no comma.
            afterName = false;
            return;
        }
        boolean[] top = first.peek();
        if (top == null) {
            return;
        }
        if (top[0]) {
            top[0] = false;
        } else {
            out.append(',');
        }
    }

    /**
     * Go's {@code encoding/json} string encoding with HTML escaping. The input is a Java string, so the
     * only invalid "UTF-8" it can hold is an unpaired surrogate, which Go would have as an invalid
     * byte sequence (or as U+FFFD after decoding JSON) and writes as {@code \ufffd}.
     */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                        } else {
                            sb.append(c);
                        }
                    }
                }
            } else if (c == '\u2028' || c == '\u2029') {
                sb.append("\\u202").append(HEX[c & 0xF]);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append("\\ufffd");
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /**
     * {@code encoding/json}'s float64 encoder: {@code strconv.AppendFloat(f, 'f', -1, 64)} for
     * {@code 1e-6 <= |f| < 1e21} (and zero), otherwise {@code 'e'} with a two-digit-minimum exponent
     * where a single-digit negative exponent loses its leading zero ({@code 1e-7}, {@code 1e+21}).
     * NaN and infinities are rejected, as Go's marshaller rejects them.
     */
    static String formatFloat64(double f) {
        if (Double.isNaN(f) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("json: unsupported value: " + f);
        }
        if (f == 0) {
            return (Double.doubleToRawLongBits(f) < 0) ? "-0" : "0";
        }
        double abs = Math.abs(f);
        BigDecimal shortest = shortestRoundTrip(abs).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int n = digits.length();
        // value = 0.<digits> x 10^pointPos, i.e. pointPos digits before the decimal point.
        int pointPos = n - shortest.scale();
        StringBuilder sb = new StringBuilder(32);
        if (f < 0) {
            sb.append('-');
        }
        if (abs < 1e-6 || abs >= 1e21) {
            sb.append(digits.charAt(0));
            if (n > 1) {
                sb.append('.').append(digits, 1, n);
            }
            int exp = pointPos - 1;
            sb.append('e');
            if (exp < 0) {
                // strconv writes e-07; encoding/json trims it to e-7 (only single digits are padded).
                sb.append('-').append(-exp);
            } else {
                sb.append('+');
                if (exp < 10) {
                    sb.append('0');
                }
                sb.append(exp);
            }
        } else if (pointPos <= 0) {
            sb.append("0.");
            sb.append("0".repeat(-pointPos));
            sb.append(digits);
        } else if (pointPos >= n) {
            sb.append(digits);
            sb.append("0".repeat(pointPos - n));
        } else {
            sb.append(digits, 0, pointPos).append('.').append(digits, pointPos, n);
        }
        return sb.toString();
    }

    /**
     * The shortest decimal that parses back to {@code d} (positive, finite); among equally short
     * candidates the one nearest to {@code d} — what Go's {@code strconv} shortest formatting yields.
     * {@code BigDecimal.doubleValue()} rounds half-to-even, matching the inclusive/exclusive interval
     * bounds Go uses for even/odd mantissas.
     */
    private static BigDecimal shortestRoundTrip(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal best = null;
            BigDecimal bestDistance = null;
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal candidate = exact.round(new MathContext(precision, mode));
                if (candidate.doubleValue() != d) {
                    continue;
                }
                BigDecimal distance = candidate.subtract(exact).abs();
                if (best == null || distance.compareTo(bestDistance) < 0) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return exact;
    }
}
