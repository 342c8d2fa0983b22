package cloud.patchmon.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduledJobTest {

    @Test
    void readsEventBridgeRateExpressions() {
        assertThat(new ScheduledJob("a", "rate(1 day)", "").period()).isEqualTo(Duration.ofDays(1));
        assertThat(new ScheduledJob("a", "rate(15 minutes)", "").period()).isEqualTo(Duration.ofMinutes(15));
        assertThat(new ScheduledJob("a", "rate(2 hours)", "").period()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void refusesWhatEventBridgeRefuses() {
        for (String bad : new String[]{"rate(1 days)", "rate(2 day)", "rate(0 minutes)", "cron(0 3 * * ? *)", "rate(1 week)", ""}) {
            assertThatThrownBy(() -> new ScheduledJob("a", bad, "")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyCataloguedJobHasAUniqueNameAndRuns() {
        assertThat(Jobs.schedules()).extracting(ScheduledJob::name).doesNotHaveDuplicates().contains("fleet-recount");
    }
}
