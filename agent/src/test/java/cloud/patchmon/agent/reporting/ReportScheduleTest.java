package cloud.patchmon.agent.reporting;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReportScheduleTest {

    @Test
    void slotsAreIntervalBoundariesPlusTheOffsetStrictlyAfterNow() {
        ReportSchedule schedule = ReportSchedule.of(60, 90, "patchmon_x");
        Instant boundary = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(schedule.next(boundary)).isEqualTo(Instant.parse("2026-12-01T10:01:30Z"));
        assertThat(schedule.next(Instant.parse("2026-12-01T10:01:30Z"))).isEqualTo(Instant.parse("2026-12-01T11:01:30Z"));
        assertThat(schedule.next(Instant.parse("2026-12-01T10:59:59Z"))).isEqualTo(Instant.parse("2026-12-01T11:01:30Z"));
    }

    @Test
    void theDerivedOffsetIsStablePerHostAndSpreadsAFleet() {
        assertThat(ReportSchedule.of(60, null, "patchmon_aaaa").offset()).isEqualTo(ReportSchedule.of(60, null, "patchmon_aaaa").offset());
        Set<Long> minutes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration offset = ReportSchedule.of(60, null, "patchmon_" + i).offset();
            assertThat(offset).isBetween(Duration.ZERO, Duration.ofMinutes(60).minusSeconds(1));
            minutes.add(offset.toMinutes());
        }
        assertThat(minutes).as("200 hosts over 60 minutes").hasSizeGreaterThan(40);
    }

    @Test
    void anOffsetLongerThanTheIntervalWrapsIntoIt() {
        assertThat(ReportSchedule.of(5, 3600 + 42, "x").offset()).isEqualTo(Duration.ofSeconds(42));
    }
}
