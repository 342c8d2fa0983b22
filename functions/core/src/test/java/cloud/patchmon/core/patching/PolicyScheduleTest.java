package cloud.patchmon.core.patching;

import cloud.patchmon.core.errors.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyScheduleTest {

    private static PolicySnapshot fixed(String time, String zone) {
        return new PolicySnapshot("p1", "Nightly", PolicySnapshot.FIXED_TIME, null, time, zone);
    }

    @Test
    void immediateFiresAtTheTriggerAndDelayedMinutesLater() {
        Instant trigger = Instant.parse("2026-06-01T14:00:00.750Z");
        assertThat(PolicySchedule.runAt(PolicySnapshot.DEFAULT, trigger)).isEqualTo("2026-06-01T14:00:00Z");
        PolicySnapshot delayed = new PolicySnapshot("p2", "Hold 30", PolicySnapshot.DELAYED, 30, null, null);
        assertThat(PolicySchedule.runAt(delayed, trigger)).isEqualTo("2026-06-01T14:30:00Z");
    }

    @Test
    void fixedTimeWithoutAZoneIsUtcTodayOrTomorrow() {
        assertThat(PolicySchedule.runAt(fixed("03:00", null), Instant.parse("2026-06-01T02:59:00Z")))
                .isEqualTo("2026-06-01T03:00:00Z");
        assertThat(PolicySchedule.runAt(fixed("03:00", null), Instant.parse("2026-06-01T14:00:00Z")))
                .isEqualTo("2026-06-02T03:00:00Z");
        assertThat(PolicySchedule.runAt(fixed("03:00", null), Instant.parse("2026-06-01T03:00:00Z")))
                .as("exactly at the time fires now, not tomorrow").isEqualTo("2026-06-01T03:00:00Z");
    }

    @Test
    void fixedTimeFollowsTheZoneAcrossSummerAndWinter() {
        assertThat(PolicySchedule.runAt(fixed("03:00", "Europe/London"), Instant.parse("2026-01-10T12:00:00Z")))
                .as("GMT").isEqualTo("2026-01-11T03:00:00Z");
        assertThat(PolicySchedule.runAt(fixed("03:00", "Europe/London"), Instant.parse("2026-07-10T12:00:00Z")))
                .as("BST").isEqualTo("2026-07-11T02:00:00Z");
        assertThat(PolicySchedule.runAt(fixed("03:00", "America/New_York"), Instant.parse("2026-07-10T12:00:00Z")))
                .isEqualTo("2026-07-11T07:00:00Z");
    }

    @Test
    void springForwardGapShiftsTheTimeByTheGap() {
        // Europe/London 2026-03-29: 01:00 GMT jumps to 02:00 BST, so 01:30 local does not exist that day; the run
        // fires at 02:30 BST (01:30 UTC), one gap-length later.
        assertThat(PolicySchedule.runAt(fixed("01:30", "Europe/London"), Instant.parse("2026-03-28T22:00:00Z")))
                .isEqualTo("2026-03-29T01:30:00Z");
        // The day after the change 01:30 is BST again.
        assertThat(PolicySchedule.runAt(fixed("01:30", "Europe/London"), Instant.parse("2026-03-29T12:00:00Z")))
                .isEqualTo("2026-03-30T00:30:00Z");
        // A time outside the gap on the change day keeps its local meaning (03:00 BST = 02:00 UTC).
        assertThat(PolicySchedule.runAt(fixed("03:00", "Europe/London"), Instant.parse("2026-03-28T22:00:00Z")))
                .isEqualTo("2026-03-29T02:00:00Z");
    }

    @Test
    void fallBackOverlapFiresOnceAtTheFirstOccurrence() {
        // Europe/London 2026-10-25: 02:00 BST falls back to 01:00 GMT, so 01:30 local happens twice.
        assertThat(PolicySchedule.runAt(fixed("01:30", "Europe/London"), Instant.parse("2026-10-24T22:00:00Z")))
                .as("first 01:30 (BST)").isEqualTo("2026-10-25T00:30:00Z");
        assertThat(PolicySchedule.runAt(fixed("01:30", "Europe/London"), Instant.parse("2026-10-25T00:45:00Z")))
                .as("triggered between the two 01:30s: tomorrow, not a second run tonight")
                .isEqualTo("2026-10-26T01:30:00Z");
        assertThat(PolicySchedule.runAt(fixed("03:00", "America/New_York"), Instant.parse("2026-11-01T05:00:00Z")))
                .as("US fall-back day, after the change: EST").isEqualTo("2026-11-01T08:00:00Z");
    }

    @Test
    void invalidPoliciesAreRefused() {
        assertThatThrownBy(() -> fixed("3:00", null)).isInstanceOf(DomainException.class)
                .hasMessageContaining("fixed_time_utc");
        assertThatThrownBy(() -> fixed("24:00", null)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> fixed("03:00", "Mars/Olympus")).isInstanceOf(DomainException.class)
                .hasMessageContaining("timezone");
        assertThatThrownBy(() -> new PolicySnapshot("p", "x", PolicySnapshot.DELAYED, 0, null, null))
                .isInstanceOf(DomainException.class).hasMessageContaining("delay_minutes");
        assertThatThrownBy(() -> new PolicySnapshot("p", "x", "weekly", null, null, null))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void snapshotRoundTripsThroughItsJson() {
        PolicySnapshot policy = fixed("03:00", "Europe/London");
        assertThat(PolicySnapshot.fromJson(policy.toJson())).isEqualTo(policy);
        assertThat(PolicySnapshot.fromJson(PolicySnapshot.DEFAULT.toJson()).isDefault()).isTrue();
    }
}
