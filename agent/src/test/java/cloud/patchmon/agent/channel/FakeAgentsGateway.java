package cloud.patchmon.agent.channel;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server side of the agents' WebSocket on a real loopback port (Jetty): records each upgrade's
 * credentials, answers pings or not, refuses upgrades with a status, sends text, drops connections,
 * and queues what the agent sends.
 */
public final class FakeAgentsGateway implements AutoCloseable {

    static final String PATH = "/api/v1/agents/ws";

    /** One upgrade request the agent made. */
    record Upgrade(String path, String apiId, String apiKey) {
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Upgrade> upgrades = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile int refuseWith;
    private volatile boolean answerPings = true;
    private volatile boolean markPongs;
    private volatile Session session;

    FakeAgentsGateway() throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(WebSocketUpgradeHandler.from(server, context, container ->
                container.addMapping(PATH, (request, response, callback) -> {
                    synchronized (upgrades) {
                        upgrades.add(new Upgrade(request.getHttpURI().getPath(), request.getHeaders().get("X-API-ID"),
                                request.getHeaders().get("X-API-KEY")));
                    }
                    if (refuseWith != 0 && refusals.getAndDecrement() > 0) {
                        Response.writeError(request, response, callback, refuseWith, "refused");
                        return null;
                    }
                    return new Endpoint();
                })));
        server.setHandler(context);
        server.start();
    }

    /** patchmon_server for an agent talking to this gateway. */
    String serverUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** The next {@code times} upgrades are answered with {@code status}. */
    void refuse(int status, int times) {
        refusals.set(times);
        refuseWith = status;
    }

    void answerPings(boolean answer) {
        answerPings = answer;
    }

    /** After each pong, send a text {@code pong}: the agent sees it after the pong, so a test knows the pong arrived. */
    void markPongs() {
        markPongs = true;
    }

    List<Upgrade> upgrades() {
        synchronized (upgrades) {
            return List.copyOf(upgrades);
        }
    }

    List<Integer> closeCodes() {
        synchronized (closeCodes) {
            return List.copyOf(closeCodes);
        }
    }

    int pings() {
        return pings.get();
    }

    boolean connected() {
        Session current = session;
        return current != null && current.isOpen();
    }

    void send(String text) {
        session.sendText(text, Callback.NOOP);
    }

    /** Sends {@code text} as one message in fragments of {@code frameChars} characters (API Gateway splits at 32 KB). */
    void sendInFrames(String text, int frameChars) {
        Session current = session;
        for (int start = 0; start < text.length(); start += frameChars) {
            int end = Math.min(text.length(), start + frameChars);
            java.util.concurrent.CompletableFuture<Void> sent = new java.util.concurrent.CompletableFuture<>();
            current.sendPartialText(text.substring(start, end), end == text.length(), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
            sent.join();
        }
    }

    /** Ends the connection without a close handshake, as a dying gateway would. */
    void drop() {
        session.disconnect();
    }

    /** The next message the agent sent, waiting up to {@code wait}; {@code null} when none came. */
    String next(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Public: Jetty invokes the listener through method handles. */
    public final class Endpoint implements Session.Listener.AutoDemanding {
        private Session own;

        @Override
        public void onWebSocketOpen(Session opened) {
            own = opened;
            session = opened;
        }

        @Override
        public void onWebSocketText(String message) {
            received.add(message);
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pings.incrementAndGet();
            if (answerPings) {
                own.sendPong(payload, Callback.NOOP);
                if (markPongs) {
                    own.sendText("pong", Callback.NOOP);
                }
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            synchronized (closeCodes) {
                closeCodes.add(statusCode);
            }
        }
    }
}
