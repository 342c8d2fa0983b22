package cloud.patchmon.agent.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Full reports asked for out of schedule (the server's {@code report_now}). The daemon's wait wakes on a
 * pending request and runs one full cycle for every request made before it started; each caller learns how
 * that cycle went.
 */
public final class ReportRequests {

    private final List<CompletableFuture<LastReport>> waiting = new ArrayList<>();

    /** Asks for a full report; completes with the cycle's record ({@link LastReport#error()} set when it failed). */
    public synchronized CompletableFuture<LastReport> request() {
        CompletableFuture<LastReport> result = new CompletableFuture<>();
        waiting.add(result);
        return result;
    }

    synchronized boolean pending() {
        return !waiting.isEmpty();
    }

    synchronized List<CompletableFuture<LastReport>> takeAll() {
        List<CompletableFuture<LastReport>> taken = List.copyOf(waiting);
        waiting.clear();
        return taken;
    }
}
