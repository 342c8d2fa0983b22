package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The Agent Queue: every command to an agent is a job record whose status follows the send (delivered ⇒ active,
 * offline ⇒ delayed until the agent's next {@code $connect}), our agent's {@code command_ack} and, for agents that
 * send none, the rule of {@link AgentJob#effective}.
 */
public final class AgentJobs {

    /** Told when a job reaches completed or failed through an acknowledgement. */
    public interface Listener {
        void finished(TenantContext ctx, AgentJob job);
    }

    /** The queue of one host as Host Detail and the Integration API show it. */
    public record Queue(String hostId, Map<String, Integer> queueStatus, List<AgentJob> jobs, int totalJobs) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AgentJobs.class);
    private static final int WRITE_ATTEMPTS = 5;
    public static final String NOT_CONNECTED = "Agent is not connected";

    private final AgentJobRepository jobs;
    private final HostRepository hosts;
    private final AgentChannel channel;
    private final Clock clock;
    private final List<Listener> listeners;
    private final SecureRandom random = new SecureRandom();

    public AgentJobs(ItemStore store, AgentChannel channel, Clock clock, List<Listener> listeners) {
        this.jobs = new AgentJobRepository(store);
        this.hosts = new HostRepository(store);
        this.channel = channel;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Records a job for {@code type} and sends it with its {@code job_id}: active when delivered, delayed when the
     * agent is offline (it then goes out on the agent's next connection).
     *
     * @throws DomainException 404 for a host the tenant does not have; 400 for a command over the message limit (the
     *                         job is then recorded as failed)
     */
    public AgentJob dispatch(TenantContext ctx, String hostId, String type, Map<String, ?> fields) {
        return dispatch(ctx, hostId, type, fields, true);
    }

    /**
     * @param queueWhenOffline {@code false} for the buttons that need the agent online: an offline agent then fails
     *                         the job ("Agent is not connected") instead of delaying it
     */
    public AgentJob dispatch(TenantContext ctx, String hostId, String type, Map<String, ?> fields, boolean queueWhenOffline) {
        hosts.find(ctx, hostId).orElseThrow(() -> DomainException.notFound("Host not found"));
        Instant now = clock.instant();
        String jobId = newJobId(now);
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("type", type);
        command.putAll(fields);
        command.put("job_id", jobId);
        AgentJob job = new AgentJob(hostId, jobId, type, AgentJob.WAITING, 0, null, null, command, false, now, now, null, null,
                List.of(new AgentJob.Change(AgentJob.WAITING, now, null)), 0);
        jobs.create(ctx, job);
        AgentJob delivered = deliver(ctx, job, c -> channel.send(ctx, hostId, c));
        if (!queueWhenOffline && AgentJob.DELAYED.equals(delivered.status())) {
            return update(ctx, delivered, j -> AgentJob.DELAYED.equals(j.status())
                    ? j.moved(AgentJob.FAILED, clock.instant(), NOT_CONNECTED) : j).orElse(delivered);
        }
        return delivered;
    }

    /** Sends the host's delayed jobs, oldest first, to the connection it just opened. */
    public int deliverPending(TenantContext ctx, String hostId) {
        return deliverPending(ctx, hostId, command -> channel.send(ctx, hostId, command));
    }

    /**
     * The follow-up of an agents {@code $connect} in AWS: the delayed jobs go to {@code connectionId} only while it is
     * the host's current connection, and a gone connection keeps its record ({@link AgentChannel#sendTo}).
     *
     * @return how many delayed jobs are still waiting (the connection was not open yet, or went away)
     */
    public int deliverPendingTo(TenantContext ctx, String hostId, String connectionId) {
        deliverPending(ctx, hostId, command -> channel.sendTo(ctx, hostId, connectionId, command));
        return delayed(ctx, hostId).size();
    }

    /** Whether the host has jobs waiting for its next connection. */
    public boolean hasDelayed(TenantContext ctx, String hostId) {
        return !delayed(ctx, hostId).isEmpty();
    }

    private List<AgentJob> delayed(TenantContext ctx, String hostId) {
        return jobs.recent(ctx, hostId).stream().filter(j -> AgentJob.DELAYED.equals(j.status()))
                .sorted(Comparator.comparing(AgentJob::jobId)).toList();
    }

    private int deliverPending(TenantContext ctx, String hostId, Function<Map<String, ?>, AgentChannel.Delivery> send) {
        List<AgentJob> delayed = delayed(ctx, hostId);
        int sent = 0;
        for (AgentJob job : delayed) {
            if (!AgentJob.ACTIVE.equals(deliver(ctx, job, send).status())) {
                break;
            }
            sent++;
        }
        if (!delayed.isEmpty()) {
            LOG.info("host {} of tenant {}: {} of {} delayed jobs delivered", hostId, ctx.tenantId(), sent, delayed.size());
        }
        return sent;
    }

    private AgentJob deliver(TenantContext ctx, AgentJob job, Function<Map<String, ?>, AgentChannel.Delivery> send) {
        AgentChannel.Delivery delivery;
        try {
            delivery = send.apply(job.command());
        } catch (DomainException e) {
            update(ctx, job, j -> j.moved(AgentJob.FAILED, clock.instant(), e.getMessage()));
            throw e;
        }
        Instant at = clock.instant();
        if (delivery == AgentChannel.Delivery.SENT) {
            return update(ctx, job, j -> j.sent(at)).orElse(job);
        }
        return update(ctx, job, j -> AgentJob.DELAYED.equals(j.status()) ? j : j.moved(AgentJob.DELAYED, at, null)).orElse(job);
    }

    /**
     * Our agent's {@code command_ack}: {@code received} marks the job active, {@code completed}/{@code failed} end it.
     * Acks for unknown or finished jobs change nothing (a replay, or a job past its retention).
     *
     * @return the job after the ack, empty when it was ignored
     */
    public Optional<AgentJob> acknowledged(TenantContext ctx, CommandAck ack) {
        Optional<AgentJob> current = jobs.find(ctx, ack.hostId(), ack.jobId());
        if (current.isEmpty() || current.get().finished()) {
            return Optional.empty();
        }
        Optional<AgentJob> updated = update(ctx, current.get(), j -> j.finished() ? j : j.acknowledged(ack.status(), ack.error(), ack.receivedAt()));
        updated.filter(AgentJob::finished).ifPresent(job -> listeners.forEach(l -> l.finished(ctx, job)));
        return updated;
    }

    /**
     * Takes back the host's jobs of {@code type} not yet delivered (waiting or delayed) whose command holds {@code value}
     * in {@code field}: they leave the Agent Queue and never go out on the agent's next connection. A job already
     * delivered or finished stays as it is (the agent has it; what it reports back decides).
     *
     * @return how many jobs were withdrawn
     */
    public int withdraw(TenantContext ctx, String hostId, String type, String field, String value) {
        int withdrawn = 0;
        for (AgentJob job : jobs.recent(ctx, hostId)) {
            if (!type.equals(job.type()) || !value.equals(String.valueOf(job.command().get(field)))) {
                continue;
            }
            AgentJob current = job;
            for (int attempt = 0; attempt < WRITE_ATTEMPTS && undelivered(current); attempt++) {
                if (jobs.deleteIf(ctx, current, current.revision())) {
                    withdrawn++;
                    LOG.info("host {} of tenant {}: {} job {} withdrawn", hostId, ctx.tenantId(), type, current.jobId());
                    break;
                }
                Optional<AgentJob> reread = jobs.find(ctx, hostId, current.jobId());
                if (reread.isEmpty()) {
                    break;
                }
                current = reread.get();
            }
        }
        return withdrawn;
    }

    private static boolean undelivered(AgentJob job) {
        return AgentJob.WAITING.equals(job.status()) || AgentJob.DELAYED.equals(job.status());
    }

    /** Applies {@code change} under optimistic locking, re-reading after a lost race; empty when the job vanished. */
    private Optional<AgentJob> update(TenantContext ctx, AgentJob job, UnaryOperator<AgentJob> change) {
        AgentJob current = job;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            AgentJob next = change.apply(current);
            if (next == current) {
                return Optional.of(current);
            }
            next = withRevision(next, current.revision() + 1);
            if (jobs.replace(ctx, next, current.revision())) {
                return Optional.of(next);
            }
            Optional<AgentJob> reread = jobs.find(ctx, job.hostId(), job.jobId());
            if (reread.isEmpty()) {
                return Optional.empty();
            }
            current = reread.get();
        }
        throw new IllegalStateException("job " + job.jobId() + " kept changing under " + WRITE_ATTEMPTS + " writes");
    }

    private static AgentJob withRevision(AgentJob j, long revision) {
        return new AgentJob(j.hostId(), j.jobId(), j.type(), j.status(), j.attempts(), j.errorMessage(), j.output(), j.command(), j.acked(),
                j.createdAt(), j.updatedAt(), j.sentAt(), j.completedAt(), j.history(), revision);
    }

    /**
     * @param limit how many jobs the history lists, newest first; the counts cover every retained job
     * @throws DomainException 404 for a host the tenant does not have
     */
    public Queue queue(TenantContext ctx, String hostId, int limit) {
        Host host = hosts.find(ctx, hostId).orElseThrow(() -> DomainException.notFound("Host not found"));
        Instant now = clock.instant();
        List<AgentJob> all = jobs.recent(ctx, hostId).stream().map(j -> j.effective(now, host.lastUpdate())).toList();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String status : List.of(AgentJob.WAITING, AgentJob.ACTIVE, AgentJob.DELAYED, AgentJob.FAILED)) {
            counts.put(status, (int) all.stream().filter(j -> status.equals(j.status())).count());
        }
        return new Queue(hostId, counts, all.stream().limit(limit).toList(), all.size());
    }

    public Optional<AgentJob> find(TenantContext ctx, String hostId, String jobId) {
        return jobs.find(ctx, hostId, jobId);
    }

    /** Time-ordered (the queue sorts by it) and unguessable: 13 digits of epoch milliseconds, then 64 random bits. */
    private String newJobId(Instant now) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return String.format("%013d", now.toEpochMilli()) + "-" + HexFormat.of().formatHex(bytes);
    }
}
