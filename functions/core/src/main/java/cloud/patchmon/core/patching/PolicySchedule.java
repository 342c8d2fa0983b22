package cloud.patchmon.core.patching;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * When a run fires under a policy (the spec's ComputeRunAt): {@code immediate} at the trigger, {@code delayed}
 * {@code delay_minutes} after it, {@code fixed_time} at the next occurrence of the wall-clock time in the policy's
 * zone that is not before the trigger.
 *
 * <p>DST: on a spring-forward day a time inside the gap (02:30 in Europe/London on the last Sunday of March) does
 * not exist; the run fires one gap-length later (03:30 BST, java.time's rule), still that night. On a fall-back day a time inside the overlap occurs twice; the run fires at the first of the
 * two, and a trigger between them waits for the next day rather than firing twice in one night.
 */
public final class PolicySchedule {

    private PolicySchedule() {
    }

    public static Instant runAt(PolicySnapshot policy, Instant triggeredAt) {
        Instant trigger = triggeredAt.truncatedTo(ChronoUnit.SECONDS);
        return switch (policy.patchDelayType()) {
            case PolicySnapshot.DELAYED -> trigger.plus(Duration.ofMinutes(policy.delayMinutes()));
            case PolicySnapshot.FIXED_TIME -> nextFixedTime(policy, trigger);
            default -> trigger;
        };
    }

    private static Instant nextFixedTime(PolicySnapshot policy, Instant trigger) {
        ZoneId zone = policy.zone();
        LocalDate day = trigger.atZone(zone).toLocalDate();
        Instant candidate = firstOccurrence(day, policy, zone);
        return candidate.isBefore(trigger) ? firstOccurrence(day.plusDays(1), policy, zone) : candidate;
    }

    private static Instant firstOccurrence(LocalDate day, PolicySnapshot policy, ZoneId zone) {
        // ZonedDateTime.of picks the earlier offset in an overlap and shifts forward by the gap's length in a gap.
        return ZonedDateTime.of(day, policy.fixedTime(), zone).toInstant();
    }
}
