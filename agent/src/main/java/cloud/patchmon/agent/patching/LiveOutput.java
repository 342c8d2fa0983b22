package cloud.patchmon.agent.patching;

/**
 * Streams a run's output to the server as {@code progress} chunks while it is produced: lines are coalesced
 * until {@link PatchTimings#flushEvery()} has passed since the oldest waiting one or
 * {@link PatchTimings#maxChunkChars()} are waiting, and one sender thread posts them in order, one request at a
 * time — never a request per line, and never blocking the threads that read the package manager's pipes (a
 * full pipe would stall the package manager). Every appended piece also goes to the {@link OutputLog}.
 */
final class LiveOutput {

    /** Posts one chunk; failures are the sink's to log, a lost chunk is made good by the terminal stage. */
    @FunctionalInterface
    interface Sink {
        /** @return whether the server took it */
        boolean send(String chunk) throws InterruptedException;
    }

    private static final System.Logger LOG = System.getLogger(LiveOutput.class.getName());

    private final Sink sink;
    private final PatchTimings timings;
    private final OutputLog log = new OutputLog();
    private final StringBuilder pending = new StringBuilder();
    private final Thread sender;
    private long oldestPendingNanos;
    private long skipped;
    private boolean closing;
    private boolean lastSendFailed;

    private LiveOutput(Sink sink, PatchTimings timings, String runId) {
        this.sink = sink;
        this.timings = timings;
        this.sender = new Thread(this::sendLoop, "patchmon-patch-output-" + runId);
        sender.setDaemon(true);
    }

    /** A live output whose sender is running. */
    static LiveOutput start(Sink sink, PatchTimings timings, String runId) {
        LiveOutput live = new LiveOutput(sink, timings, runId);
        live.sender.start();
        return live;
    }

    void append(String text) {
        if (text.isEmpty()) {
            return;
        }
        log.append(text);
        synchronized (this) {
            if (pending.isEmpty()) {
                oldestPendingNanos = System.nanoTime();
            }
            pending.append(text);
            if (pending.length() > timings.maxBacklogChars()) {
                int drop = pending.length() - timings.maxBacklogChars();
                pending.delete(0, drop);
                skipped += drop;
            }
            notifyAll();
        }
    }

    /**
     * Sends what is still waiting and stops the sender; afterwards {@link #text()} is final. When the server is failing,
     * what is waiting is dropped instead: the terminal stage, which carries everything, must not wait behind it.
     */
    void finish() throws InterruptedException {
        close();
        sender.join();
    }

    /** Tells the sender the output is complete without waiting for it. */
    synchronized void close() {
        closing = true;
        notifyAll();
    }

    String text() {
        return log.text();
    }

    private void sendLoop() {
        try {
            while (true) {
                String chunk = nextChunk();
                if (chunk == null) {
                    return;
                }
                boolean sent = sink.send(chunk);
                synchronized (this) {
                    lastSendFailed = !sent;
                }
            }
        } catch (InterruptedException e) {
            LOG.log(System.Logger.Level.DEBUG, "live output sender interrupted");
        }
    }

    /** Waits until a chunk is due; {@code null} when closing and nothing is left. */
    private synchronized String nextChunk() throws InterruptedException {
        long interval = timings.flushEvery().toNanos();
        while (true) {
            if (closing && lastSendFailed && !pending.isEmpty()) {
                LOG.log(System.Logger.Level.DEBUG, "dropping {0} characters of live output: the server is not taking it", pending.length());
                pending.setLength(0);
            }
            if (pending.isEmpty()) {
                if (closing) {
                    return null;
                }
                wait();
                continue;
            }
            long waited = System.nanoTime() - oldestPendingNanos;
            if (closing || pending.length() >= timings.maxChunkChars() || waited >= interval) {
                return take();
            }
            wait(Math.max(1, (interval - waited) / 1_000_000));
        }
    }

    private String take() {
        int cut = Math.min(pending.length(), timings.maxChunkChars());
        if (cut < pending.length()) {
            // Prefer to end the chunk with a whole line.
            for (int i = cut - 1; i > cut / 2; i--) {
                char c = pending.charAt(i);
                if (c == '\n' || c == '\r') {
                    cut = i + 1;
                    break;
                }
            }
            if (Character.isHighSurrogate(pending.charAt(cut - 1))) {
                cut--;
            }
        }
        String chunk = pending.substring(0, cut);
        pending.delete(0, cut);
        oldestPendingNanos = System.nanoTime();
        if (skipped > 0) {
            chunk = "[patchmon: " + skipped + " characters of live output skipped; the complete output follows when the run ends]\n" + chunk;
            skipped = 0;
        }
        return chunk;
    }
}
