package cloud.patchmon.local;

import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.jobs.Jobs;
import cloud.patchmon.jobs.ScheduledJob;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class LocalSchedulerTest {

    private static Jobs jobs(ItemStore store) {
        UiChannel browsers = new UiChannel(new UiConnectionRepository(store), (connectionId, message) -> { }, Json.newMapper());
        return new Jobs(store, Clock.systemUTC(), new HostHealth(store, event -> { }, new HostLiveEvents(browsers), Clock.systemUTC()));
    }

    @Test
    void schedulesEveryJobAtItsRateStartingOnePeriodLater() {
        ScheduledExecutorService executor = mock(ScheduledExecutorService.class);
        new LocalScheduler(jobs(mock(ItemStore.class)), executor)
                .start(List.of(Jobs.FLEET_RECOUNT, new ScheduledJob("sweep", "rate(5 minutes)", "")));

        long day = Duration.ofDays(1).toMillis();
        long five = Duration.ofMinutes(5).toMillis();
        verify(executor).scheduleWithFixedDelay(any(Runnable.class), eq(day), eq(day), eq(TimeUnit.MILLISECONDS));
        verify(executor).scheduleWithFixedDelay(any(Runnable.class), eq(five), eq(five), eq(TimeUnit.MILLISECONDS));
    }

    @Test
    void aFailingRunDoesNotEscapeSoLaterRunsStillHappen() {
        ItemStore broken = mock(ItemStore.class);
        when(broken.queryAll(any(), any(), any())).thenThrow(new IllegalStateException("table unavailable"));
        ScheduledExecutorService executor = mock(ScheduledExecutorService.class);
        LocalScheduler scheduler = new LocalScheduler(jobs(broken), executor);
        scheduler.start(List.of(Jobs.FLEET_RECOUNT));
        ArgumentCaptor<Runnable> task = ArgumentCaptor.forClass(Runnable.class);
        verify(executor).scheduleWithFixedDelay(task.capture(), anyLong(), anyLong(), any());

        assertThatCode(task.getValue()::run).doesNotThrowAnyException();
        assertThatCode(task.getValue()::run).doesNotThrowAnyException();
        verify(broken, times(2)).queryAll(any(), any(), any());
    }
}
