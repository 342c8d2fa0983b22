package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.config.InvalidConfigException;
import cloud.patchmon.agent.server.Backoff;
import cloud.patchmon.agent.server.ServerClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The realtime channel {@code serve} keeps open next to its reporting loop: one WebSocket to
 * {@code /api/v1/agents/ws} with the API credentials on the upgrade, kept alive with pings, renewed
 * before API Gateway's 2-hour limit, and redialled with back-off whenever it ends. Each dial reads
 * config.yml and credentials.yml afresh, so regenerated credentials or a new server URL are picked up.
 * Server messages go to the {@link Inbox}; {@link #send} answers over whichever connection is open.
 */
public final class AgentChannel implements Outbox {

    private static final System.Logger LOG = System.getLogger(AgentChannel.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private enum Ending { RENEW, CLOSED, DEAD }

    private final ConfigFiles files;
    private final Backoff backoff;
    private final ChannelClock clock;
    private final ChannelTimings timings;
    private final Inbox inbox;
    private final AtomicReference<Connection> current = new AtomicReference<>();
    /** Kept across dials (each JDK client has its own selector thread); rebuilt when skip_ssl_verify changes. Channel thread only. */
    private HttpClient http;
    private boolean httpSkipsVerify;

    public AgentChannel(ConfigFiles files, Backoff backoff, ChannelClock clock, ChannelTimings timings, Inbox inbox) {
        this.files = files;
        this.backoff = backoff;
        this.clock = clock;
        this.timings = timings;
        this.inbox = inbox;
    }

    /** Runs until the thread is interrupted. */
    public void run() throws InterruptedException {
        int failures = 0;
        try {
            while (true) {
                boolean refused;
                try {
                    Dialled dialled = dial();
                    refused = dialled.refused();
                    if (dialled.connection().isPresent()) {
                        failures = 0;
                        Connection connection = dialled.connection().get();
                        try {
                            if (serve(connection) == Ending.RENEW) {
                                continue;
                            }
                        } finally {
                            current.compareAndSet(connection, null);
                        }
                    }
                } catch (RuntimeException e) {
                    // Whatever went wrong with this connection, the channel must outlive it.
                    LOG.log(System.Logger.Level.WARNING, "the channel failed: {0}", e.toString());
                    Connection broken = current.getAndSet(null);
                    if (broken != null) {
                        broken.abort();
                    }
                    refused = false;
                }
                failures++;
                backoff.pause(failures, refused ? timings.slowestRetry() : null);
            }
        } finally {
            Connection last = current.getAndSet(null);
            if (last != null) {
                last.abort();
            }
        }
    }

    @Override
    public boolean send(String text) {
        Connection connection = current.get();
        if (connection == null) {
            LOG.log(System.Logger.Level.INFO, "not connected: a message to the server was dropped");
            return false;
        }
        return connection.send(text);
    }

    /** A dial's result: the connection, or none, and whether the server refused the credentials. */
    private record Dialled(Optional<Connection> connection, boolean refused) {
    }

    private Dialled dial() throws InterruptedException {
        AgentConfig config;
        Credentials credentials;
        try {
            config = files.config();
            credentials = files.credentials(config);
        } catch (InvalidConfigException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot open the channel: {0}", e.getMessage());
            return new Dialled(Optional.empty(), false);
        }
        URI uri = config.channelUri();
        Connection connection = new Connection(clock, timings.maxMessageBytes(), inbox, this);
        // Current before the dial completes: the server may send a command, and the agent answer it, as soon as the socket opens.
        current.set(connection);
        if (http == null || httpSkipsVerify != config.skipSslVerify()) {
            http = ServerClient.httpClient(config.skipSslVerify());
            httpSkipsVerify = config.skipSslVerify();
        }
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .header("X-API-ID", credentials.apiId())
                .header("X-API-KEY", credentials.apiKey())
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(uri, connection);
        try {
            opening.get();
            LOG.log(System.Logger.Level.INFO, "channel open to {0}", uri);
            return new Dialled(Optional.of(connection), false);
        } catch (InterruptedException e) {
            opening.cancel(true);
            current.compareAndSet(connection, null);
            throw e;
        } catch (ExecutionException e) {
            current.compareAndSet(connection, null);
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                int status = refused.getResponse().statusCode();
                if (status == 401 || status == 403) {
                    LOG.log(System.Logger.Level.WARNING, "the server refused this host''s API credentials on {0} (HTTP {1}); "
                            + "if they were regenerated, update credentials.yml. Retrying slowly.", uri, status);
                    return new Dialled(Optional.empty(), true);
                }
                LOG.log(System.Logger.Level.WARNING, "the server refused the channel upgrade on {0}: HTTP {1}", uri, status);
            } else {
                LOG.log(System.Logger.Level.WARNING, "cannot open the channel to {0}: {1}", uri, e.getCause().toString());
            }
            return new Dialled(Optional.empty(), false);
        }
    }

    /** Pings on the interval until the connection ends, stops answering, or is due for renewal. */
    private Ending serve(Connection connection) throws InterruptedException {
        while (true) {
            Instant now = clock.now();
            Duration age = Duration.between(connection.opened(), now);
            if (age.compareTo(timings.maxLifetime()) >= 0) {
                LOG.log(System.Logger.Level.INFO, "renewing the channel before the gateway''s connection limit");
                connection.close("renewing");
                return Ending.RENEW;
            }
            if (Duration.between(connection.lastPong(), now).compareTo(timings.pongTimeout()) >= 0) {
                LOG.log(System.Logger.Level.WARNING, "no pong from the server for {0} s: reconnecting", timings.pongTimeout().toSeconds());
                connection.abort();
                return Ending.DEAD;
            }
            if (!connection.ping()) {
                connection.abort();
                return Ending.DEAD;
            }
            Duration untilRenewal = timings.maxLifetime().minus(age);
            Duration wait = untilRenewal.compareTo(timings.pingEvery()) < 0 ? untilRenewal : timings.pingEvery();
            if (clock.await(connection.closed(), wait)) {
                return Ending.CLOSED;
            }
        }
    }
}
