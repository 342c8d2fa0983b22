package cloud.patchmon.local;

import cloud.patchmon.jobs.Jobs;
import cloud.patchmon.jobs.ScheduledJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local stand-in for EventBridge schedules: runs each job of {@link Jobs#schedules()} at
 * its rate, first one period after start (as a new EventBridge rate schedule does). A failed run
 * is logged and the schedule continues, like a failed Lambda invocation.
 */
final class LocalScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);

    private final Jobs jobs;
    private final ScheduledExecutorService executor;

    LocalScheduler(Jobs jobs, ScheduledExecutorService executor) {
        this.jobs = jobs;
        this.executor = executor;
    }

    void start(List<ScheduledJob> schedules) {
        for (ScheduledJob job : schedules) {
            long period = job.period().toMillis();
            executor.scheduleWithFixedDelay(() -> runOnce(job), period, period, TimeUnit.MILLISECONDS);
            LOG.info("scheduled job {} at {}", job.name(), job.schedule());
        }
    }

    /** Never throws: an exception escaping a scheduled task would cancel every later run. */
    void runOnce(ScheduledJob job) {
        try {
            LOG.info("job {} finished: {}", job.name(), jobs.run(job.name()));
        } catch (RuntimeException e) {
            LOG.error("job {} failed", job.name(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
