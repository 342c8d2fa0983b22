package cloud.patchmon.core.realtime;

import cloud.patchmon.core.storage.ConditionFailedException;
import cloud.patchmon.core.storage.Item;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.QuerySpec;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Agent jobs in the host's partition (deleted with the host), sorted by their time-ordered id, kept 30 days after their
 * last change. Every write after the first is conditional on the job's {@code revision}.
 */
public final class AgentJobRepository {

    static final Duration RETENTION = Duration.ofDays(30);
    /** The queue looks at the newest jobs only: a host has a handful a day, a month of them fits well under this. */
    static final int WINDOW = 200;
    private static final String PREFIX = "JOB#";

    private final ItemStore store;

    public AgentJobRepository(ItemStore store) {
        this.store = store;
    }

    private static ItemKey key(TenantContext ctx, String hostId, String jobId) {
        return ItemKey.of(ctx, "HOST#" + hostId, PREFIX + jobId);
    }

    private static Item<AgentJob> item(TenantContext ctx, AgentJob job) {
        return Item.of(key(ctx, job.hostId(), job.jobId()), "agent_job", job).expiringAt(job.updatedAt().plus(RETENTION));
    }

    public void create(TenantContext ctx, AgentJob job) {
        store.put(ctx, item(ctx, job));
    }

    /** @return {@code false} when the stored job is no longer at {@code expectedRevision} (someone else wrote it) */
    public boolean replace(TenantContext ctx, AgentJob job, long expectedRevision) {
        return store.replaceIf(ctx, item(ctx, job), "revision", expectedRevision);
    }

    /** Deletes the job only while it is still at {@code expectedRevision}. @return whether it was deleted */
    public boolean deleteIf(TenantContext ctx, AgentJob job, long expectedRevision) {
        try {
            store.transact(ctx, List.of(new Write.DeleteIf(key(ctx, job.hostId(), job.jobId()), "revision", expectedRevision)));
            return true;
        } catch (ConditionFailedException e) {
            return false;
        }
    }

    public Optional<AgentJob> find(TenantContext ctx, String hostId, String jobId) {
        return store.get(ctx, key(ctx, hostId, jobId), AgentJob.class);
    }

    /** The host's newest jobs first, at most {@link #WINDOW}. */
    public List<AgentJob> recent(TenantContext ctx, String hostId) {
        return store.query(ctx, QuerySpec.partition("HOST#" + hostId).sortBeginsWith(PREFIX).descending().limit(WINDOW), AgentJob.class).items();
    }
}
