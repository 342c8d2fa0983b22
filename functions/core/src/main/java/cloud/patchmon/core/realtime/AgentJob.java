package cloud.patchmon.core.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One command sent (or to be sent) to a host's agent: the Agent Queue's row.
 *
 * <p>Status: {@code waiting} (recorded, not yet sent), {@code active} (delivered to the agent's connection, running),
 * {@code delayed} (the agent was offline; sent when it next connects), {@code failed}, {@code completed}. Our agent
 * drives {@code active → completed|failed} with {@code command_ack}; upstream agents send no ack, so a delivered job
 * that never saw one is settled by {@link #effective} (see there).
 *
 * @param command   the message as sent (with {@code job_id}); kept to deliver a delayed job later
 * @param acked     whether the agent has ever acknowledged this job (only our agent does)
 * @param revision  bumped on every write; writes are conditional on it, so an ack racing the send is never lost
 */
public record AgentJob(String hostId, String jobId, String type, String status, int attempts, String errorMessage, String output,
                       Map<String, Object> command, boolean acked, Instant createdAt, Instant updatedAt, Instant sentAt,
                       Instant completedAt, List<Change> history, long revision) {

    public static final String WAITING = "waiting";
    public static final String ACTIVE = "active";
    public static final String DELAYED = "delayed";
    public static final String FAILED = "failed";
    public static final String COMPLETED = "completed";

    /** An upstream agent carries a command out within moments or not at all; after this a silent job counts as done. */
    static final Duration UNACKED_GRACE = Duration.ofMinutes(2);
    /** Our agent acknowledged receipt but never reported an outcome (it died mid-command): failed after this. */
    static final Duration OUTCOME_DEADLINE = Duration.ofHours(1);

    /** One status change, for the history the queue shows. */
    public record Change(String status, Instant at, String error) {
    }

    public AgentJob {
        history = history == null ? List.of() : List.copyOf(history);
        // In insertion order: the message goes out as it was built ({"type", ..., "job_id"}), also when delivered later.
        command = command == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(command));
    }

    public boolean finished() {
        return FAILED.equals(status) || COMPLETED.equals(status);
    }

    AgentJob moved(String newStatus, Instant at, String error) {
        List<Change> changes = new ArrayList<>(history);
        changes.add(new Change(newStatus, at, error));
        boolean done = FAILED.equals(newStatus) || COMPLETED.equals(newStatus);
        return new AgentJob(hostId, jobId, type, newStatus, attempts, error == null ? errorMessage : error, output, command, acked,
                createdAt, at, sentAt, done ? at : completedAt, changes, revision + 1);
    }

    /** Delivered to the agent's connection. An ack that raced ahead of this write has already moved the job on; it keeps its status. */
    AgentJob sent(Instant at) {
        if (acked) {
            return new AgentJob(hostId, jobId, type, status, attempts + 1, errorMessage, output, command, true, createdAt, updatedAt, at,
                    completedAt, history, revision + 1);
        }
        AgentJob moved = moved(ACTIVE, at, null);
        return new AgentJob(hostId, jobId, type, ACTIVE, attempts + 1, errorMessage, output, command, acked, createdAt, at, at,
                completedAt, moved.history(), moved.revision());
    }

    AgentJob acknowledged(String ackStatus, String error, Instant at) {
        String next = switch (ackStatus) {
            case COMPLETED -> COMPLETED;
            case FAILED -> FAILED;
            default -> ACTIVE;
        };
        AgentJob moved = next.equals(status) ? this : moved(next, at, error);
        return new AgentJob(hostId, jobId, type, moved.status(), moved.attempts(), moved.errorMessage(), moved.output(), command, true,
                createdAt, at, sentAt, moved.completedAt(), moved.history(), revision + 1);
    }

    /**
     * The job as the queue shows it at {@code now}. A delivered job no agent acknowledged is settled without a write:
     * a {@code report_now} is completed once the host has reported after it was sent; any job is completed once
     * {@link #UNACKED_GRACE} has passed without an ack (an upstream agent, which never acks, has long acted on it; our
     * agent acks receipt within moments). A job whose receipt was acknowledged but whose outcome never came fails
     * after {@link #OUTCOME_DEADLINE}.
     *
     * @param hostReportedAt the host's last report or check-in, {@code null} if none
     */
    public AgentJob effective(Instant now, Instant hostReportedAt) {
        if (!ACTIVE.equals(status) || sentAt == null) {
            return this;
        }
        if (!acked) {
            if ("report_now".equals(type) && hostReportedAt != null && hostReportedAt.isAfter(sentAt)) {
                return settled(COMPLETED, hostReportedAt, null, "Report received (the agent sends no acknowledgement)");
            }
            if (!now.isBefore(sentAt.plus(UNACKED_GRACE))) {
                return settled(COMPLETED, sentAt.plus(UNACKED_GRACE), null, "Delivered; the agent sends no acknowledgement");
            }
            return this;
        }
        if (!now.isBefore(updatedAt.plus(OUTCOME_DEADLINE))) {
            return settled(FAILED, updatedAt.plus(OUTCOME_DEADLINE), "The agent reported no outcome within 1 hour", null);
        }
        return this;
    }

    private AgentJob settled(String newStatus, Instant at, String error, String note) {
        AgentJob moved = moved(newStatus, at, error);
        return new AgentJob(hostId, jobId, type, newStatus, attempts, moved.errorMessage(), note == null ? output : note, command, acked,
                createdAt, at, sentAt, at, moved.history(), revision);
    }
}
