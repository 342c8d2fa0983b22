package cloud.patchmon.agent.channel;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WebSocket to the server: joins a message's frames (refusing one over the size limit), notes pongs,
 * and completes {@link #closed()} when the connection ends for any reason. The JDK calls the listener
 * methods one at a time, so the frame buffer needs no lock; sends are serialised because the JDK allows
 * only one outstanding send of each kind.
 */
final class Connection implements WebSocket.Listener {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final long SEND_TIMEOUT_SECONDS = 10;
    private static final ByteBuffer PING = ByteBuffer.wrap("patchmon".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    private final ChannelClock clock;
    private final int maxMessageBytes;
    private final Inbox inbox;
    private final Outbox replies;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Instant opened;
    private final StringBuilder message = new StringBuilder();
    private long messageBytes;
    private volatile Instant lastPong;
    private volatile WebSocket socket;

    Connection(ChannelClock clock, int maxMessageBytes, Inbox inbox, Outbox replies) {
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
        this.inbox = inbox;
        this.replies = replies;
        this.opened = clock.now();
        this.lastPong = opened;
    }

    Instant opened() {
        return opened;
    }

    Instant lastPong() {
        return lastPong;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (messageBytes <= maxMessageBytes) {
            messageBytes += StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(data)).remaining();
            if (messageBytes <= maxMessageBytes) {
                message.append(data);
            } else {
                message.setLength(0);
            }
        }
        if (last) {
            if (messageBytes > maxMessageBytes) {
                LOG.log(System.Logger.Level.WARNING, "refused a message from the server larger than {0,number,#} bytes", maxMessageBytes);
            } else {
                deliver(message.toString());
            }
            message.setLength(0);
            messageBytes = 0;
        }
        webSocket.request(1);
        return null;
    }

    private void deliver(String text) {
        try {
            inbox.received(text, replies);
        } catch (RuntimeException e) {
            // A bug in one command's handling must not end the connection or the listener.
            LOG.log(System.Logger.Level.WARNING, "could not handle a message from the server: {0}", e.toString());
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last) {
            LOG.log(System.Logger.Level.DEBUG, "ignored a binary message from the server");
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer data) {
        lastPong = clock.now();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        LOG.log(System.Logger.Level.INFO, "the server closed the channel: {0} {1}", statusCode, reason);
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        LOG.log(System.Logger.Level.WARNING, "the channel failed: {0}", error.toString());
        closed.complete(null);
    }

    /** @return {@code false} when the socket is not open yet or the send failed */
    synchronized boolean send(String text) {
        return socket != null && finish(socket.sendText(text, true), "a message");
    }

    synchronized boolean ping() {
        return finish(socket.sendPing(PING.duplicate()), "a ping");
    }

    /** Ends the connection politely, then for certain once the server has had a moment to answer. */
    void close(String reason) throws InterruptedException {
        synchronized (this) {
            finish(socket.sendClose(WebSocket.NORMAL_CLOSURE, reason), "the close");
        }
        try {
            closed.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "the server did not answer the close");
        }
        abort();
    }

    void abort() {
        socket.abort();
        closed.complete(null);
    }

    /** Waits for a send, but not past the connection's end: the JDK may never complete a send on a dead socket. */
    private boolean finish(CompletableFuture<WebSocket> sending, String what) {
        try {
            CompletableFuture.anyOf(sending, closed).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (sending.isDone() && !sending.isCompletedExceptionally()) {
                return true;
            }
            LOG.log(System.Logger.Level.WARNING, "could not send {0} over the channel: {1}", what,
                    sending.isCompletedExceptionally() ? sending.handle((ok, failure) -> failure.toString()).join() : "the connection ended");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "could not send {0} over the channel: {1}", what,
                    e instanceof ExecutionException ? e.getCause().toString() : "timed out");
            return false;
        }
    }
}
