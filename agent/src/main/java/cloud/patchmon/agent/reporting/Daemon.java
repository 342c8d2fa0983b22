package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.server.ServerClient;
import cloud.patchmon.agent.server.ServerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code patchmon-agent serve}: syncs settings at start-up, then reports on the {@link ReportSchedule} —
 * a hash-gated check-in each interval, a full report on the first cycle and every 24th after it. A
 * changed config.yml is picked up before the next cycle, and a {@link ReportRequests requested} report
 * runs as soon as the wait notices it, without moving the schedule. A failed cycle is logged and recorded;
 * the daemon carries on with the next one. With {@code auto_update} on, each settings sync (start-up and every 24th
 * cycle) is followed by an {@link UpdateCheck}, after the cycle's report, so a restarted agent has reported its new
 * version first.
 */
public final class Daemon {

    /** Every 24th check-in is a full report (AGENT-PROTOCOL.md). */
    static final int FULL_EVERY = 24;

    private static final System.Logger LOG = System.getLogger(Daemon.class.getName());

    /** What the daemon needs for one configuration; rebuilt when config.yml changes. */
    public interface Session {
        AgentConfig config();

        Credentials credentials();

        ServerClient server();

        Reporter reporter();
    }

    /** Builds a session from the files as they are now. */
    @FunctionalInterface
    public interface Sessions {
        Session open(ConfigFiles files);
    }

    /** Installs a newer agent when the server offers one for automatic updates (and restarts into it). */
    @FunctionalInterface
    public interface UpdateCheck {
        void run() throws Exception;
    }

    private final ConfigFiles files;
    private final Sessions sessions;
    private final SettingsSync settings;
    private final Sleeper sleeper;
    private final Clock clock;
    private final ReportRequests requests;
    private final UpdateCheck updates;

    public Daemon(ConfigFiles files, Sessions sessions, Sleeper sleeper, Clock clock, ReportRequests requests, UpdateCheck updates) {
        this.files = files;
        this.updates = updates;
        this.sessions = sessions;
        this.settings = new SettingsSync(files);
        this.sleeper = sleeper;
        this.clock = clock;
        this.requests = requests;
    }

    public void run() throws InterruptedException {
        Session session = syncSettings(sessions.open(files));
        FileTime seen = modified();
        for (long cycle = 0; ; cycle++) {
            if (cycle > 0 && cycle % FULL_EVERY == 0) {
                session = syncSettings(session);
                seen = modified();
            }
            runCycle(session, cycle % FULL_EVERY == 0, cycle == 0);
            if (cycle % FULL_EVERY == 0) {
                checkForUpdate(session);
            }
            // Wait for the next slot; a config change or a report request wakes the wait. A reload makes the slot
            // follow the new interval; a requested report runs now and the wait goes on for the same slot.
            while (true) {
                Instant next = schedule(session).next(clock.instant());
                FileTime waitingOn = seen;
                if (!sleeper.sleepUntil(next, () -> requests.pending() || !modified().equals(waitingOn))) {
                    return;
                }
                FileTime current = modified();
                if (!current.equals(seen)) {
                    seen = current;
                    session = reopen(session);
                }
                if (requests.pending()) {
                    List<CompletableFuture<LastReport>> answered = requests.takeAll();
                    LastReport record = runCycle(session, true, false);
                    answered.forEach(request -> request.complete(record));
                }
                if (!clock.instant().isBefore(next)) {
                    break;
                }
            }
        }
    }

    private static ReportSchedule schedule(Session session) {
        return ReportSchedule.of(session.config().updateInterval(), session.config().reportOffset(), session.credentials().apiId());
    }

    private LastReport runCycle(Session session, boolean full, boolean startup) throws InterruptedException {
        Instant started = clock.instant();
        LastReport record;
        try {
            Reporter.Outcome outcome = session.reporter().cycle(full, startup);
            LOG.log(System.Logger.Level.INFO, "check-in done: sent {0} {1}; {2} packages, {3} updates, {4} security updates",
                    outcome.sent(), outcome.sections(), outcome.packages(), outcome.updates(), outcome.securityUpdates());
            record = new LastReport(clock.instant().toString(), outcome.sent(), outcome.sections(), outcome.packages(), outcome.updates(),
                    outcome.securityUpdates(), Duration.between(started, clock.instant()).toMillis(), null);
        } catch (IOException | ServerException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "check-in failed: {0}", e.getMessage());
            LOG.log(System.Logger.Level.DEBUG, "check-in failure", e);
            record = new LastReport(clock.instant().toString(), "failed", Set.of(), 0, 0, 0,
                    Duration.between(started, clock.instant()).toMillis(), e.getMessage());
        }
        try {
            record.save(files.dir());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record the last report in {0}: {1}", files.dir(), e.getMessage());
        }
        return record;
    }

    private void checkForUpdate(Session session) throws InterruptedException {
        if (!session.config().autoUpdate()) {
            return;
        }
        try {
            updates.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "scheduled agent update check failed: {0}", e.getMessage());
            LOG.log(System.Logger.Level.DEBUG, "scheduled agent update check failure", e);
        }
    }

    private Session syncSettings(Session session) throws InterruptedException {
        try {
            if (settings.sync(session.server(), session.config())) {
                return reopen(session);
            }
        } catch (IOException | ServerException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot sync settings from the server: {0}", e.getMessage());
        }
        return session;
    }

    private Session reopen(Session current) {
        try {
            Session reopened = sessions.open(files);
            LOG.log(System.Logger.Level.INFO, "configuration reloaded: update interval {0} minutes", reopened.config().updateInterval());
            return reopened;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "config.yml is not usable, keeping the previous configuration: {0}", e.getMessage());
            return current;
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(files.configFile());
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
