package cloud.patchmon.core.enrollment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The day a daily limit counts in: UTC, so every Lambda container agrees when midnight is. */
final class EnrollmentDay {

    private EnrollmentDay() {
    }

    static String of(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    static Instant nextMidnight(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
