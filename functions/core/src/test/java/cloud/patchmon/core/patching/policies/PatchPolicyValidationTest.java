package cloud.patchmon.core.patching.policies;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.patching.PolicySnapshot;
import cloud.patchmon.core.patching.policies.PatchPolicyService.PolicyFields;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchPolicyValidationTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private static PatchPolicy validated(String name, String type, Integer minutes, String time, String zone) {
        return PatchPolicyService.validated("pol", new PolicyFields(name, null, type, minutes, time, zone), NOW, NOW);
    }

    @Test
    void keepsOnlyTheFieldsOfItsDelayType() {
        PatchPolicy fixed = validated("  Nightly 03:00  ", PolicySnapshot.FIXED_TIME, 30, "03:00", "Europe/London");
        assertThat(fixed.name()).isEqualTo("Nightly 03:00");
        assertThat(fixed.delayMinutes()).isNull();
        assertThat(fixed.fixedTimeUtc()).isEqualTo("03:00");
        assertThat(fixed.timezone()).isEqualTo("Europe/London");

        PatchPolicy delayed = validated("Hold", PolicySnapshot.DELAYED, 1, "03:00", " ");
        assertThat(delayed.delayMinutes()).isEqualTo(1);
        assertThat(delayed.fixedTimeUtc()).isNull();
        assertThat(delayed.timezone()).isNull();

        PatchPolicy immediate = validated("Now", PolicySnapshot.IMMEDIATE, 5, "04:00", null);
        assertThat(immediate.delayMinutes()).isNull();
        assertThat(immediate.fixedTimeUtc()).isNull();
        assertThat(immediate.snapshot()).isEqualTo(new PolicySnapshot("pol", "Now", "immediate", null, null, null));
    }

    @Test
    void refusesWhatTheSpecRules() {
        assertThatThrownBy(() -> validated(" ", PolicySnapshot.IMMEDIATE, null, null, null)).isInstanceOf(DomainException.class)
                .hasMessage("Policy name is required");
        assertThatThrownBy(() -> validated("x".repeat(256), PolicySnapshot.IMMEDIATE, null, null, null))
                .hasMessage("Policy name must be at most 255 characters");
        assertThatThrownBy(() -> PatchPolicyService.validated("pol", new PolicyFields("n", "d".repeat(1001), "immediate", null, null, null), NOW, NOW))
                .hasMessage("Description must be at most 1000 characters");
        assertThatThrownBy(() -> validated("n", "weekly", null, null, null)).hasMessageContaining("patch_delay_type");
        assertThatThrownBy(() -> validated("n", null, null, null, null)).hasMessageContaining("patch_delay_type");
        assertThatThrownBy(() -> validated("n", PolicySnapshot.DELAYED, 0, null, null)).hasMessageContaining("delay_minutes");
        assertThatThrownBy(() -> validated("n", PolicySnapshot.DELAYED, null, null, null)).hasMessageContaining("delay_minutes");
        assertThatThrownBy(() -> validated("n", PolicySnapshot.FIXED_TIME, null, "3:00", null)).hasMessageContaining("HH:MM");
        assertThatThrownBy(() -> validated("n", PolicySnapshot.FIXED_TIME, null, "24:00", null)).hasMessageContaining("HH:MM");
        assertThatThrownBy(() -> validated("n", PolicySnapshot.FIXED_TIME, null, "03:00", "Mars/Olympus")).hasMessageContaining("IANA");
    }
}
