package cloud.patchmon.core.realtime;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's state changes and the rule that settles jobs no ack will ever end. */
class AgentJobTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static AgentJob waiting(String type) {
        return new AgentJob("h1", "0001-aa", type, AgentJob.WAITING, 0, null, null, Map.of("type", type), false, T0, T0, null, null,
                List.of(new AgentJob.Change(AgentJob.WAITING, T0, null)), 0);
    }

    @Test
    void anAckThatRacedAheadOfTheSendKeepsItsOutcome() {
        AgentJob completed = waiting("report_now").acknowledged("completed", null, T0.plusMillis(5));
        AgentJob sent = completed.sent(T0.plusMillis(9));
        assertThat(sent.status()).isEqualTo(AgentJob.COMPLETED);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(sent.sentAt()).isEqualTo(T0.plusMillis(9));
    }

    @Test
    void aReceivedJobWithoutOutcomeFailsAfterTheDeadline() {
        AgentJob received = waiting("update_agent").sent(T0).acknowledged("received", null, T0.plusSeconds(1));
        assertThat(received.effective(T0.plusSeconds(1).plus(AgentJob.OUTCOME_DEADLINE).minusSeconds(1), null).status())
                .isEqualTo(AgentJob.ACTIVE);
        AgentJob late = received.effective(T0.plusSeconds(1).plus(AgentJob.OUTCOME_DEADLINE), null);
        assertThat(late.status()).isEqualTo(AgentJob.FAILED);
        assertThat(late.errorMessage()).contains("no outcome");
    }

    @Test
    void anAckedJobIsNeverSettledByAReport() {
        AgentJob received = waiting("report_now").sent(T0).acknowledged("received", null, T0.plusSeconds(1));
        assertThat(received.effective(T0.plusSeconds(30), T0.plusSeconds(20)).status()).isEqualTo(AgentJob.ACTIVE);
    }

    @Test
    void delayedAndFinishedJobsAreNotSettled() {
        AgentJob delayed = waiting("apply_config").moved(AgentJob.DELAYED, T0, null);
        assertThat(delayed.effective(T0.plusSeconds(86_400), T0.plusSeconds(60)).status()).isEqualTo(AgentJob.DELAYED);
    }
}
