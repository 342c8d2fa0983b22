package cloud.patchmon.agent.system;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The rounding every reported figure uses. */
final class Numbers {

    private static final double KIB_PER_GIB = 1024.0 * 1024.0;

    private Numbers() {
    }

    /** Two decimals, half up, as the report's GB and percentage fields carry them. */
    static double round2(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    /** KiB (as /proc/meminfo counts) to GB meaning GiB, the unit the System tab formats memory in. */
    static double kibToGb(long kib) {
        return round2(kib / KIB_PER_GIB);
    }

    /** {@code part} as a percentage of {@code whole}, two decimals; 0 when {@code whole} is 0. */
    static double percent(long part, long whole) {
        return whole <= 0 ? 0.0 : round2(part * 100.0 / whole);
    }
}
