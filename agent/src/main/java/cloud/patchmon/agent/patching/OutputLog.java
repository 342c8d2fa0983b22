package cloud.patchmon.agent.patching;

/**
 * A run's whole output, the authoritative copy the terminal stage carries. A runaway tool cannot exhaust the
 * agent's memory or the server's limits: past {@link #MAX_CHARS} the middle is dropped, keeping the start (the
 * commands and their first errors) and the end (the outcome).
 */
final class OutputLog {

    static final int MAX_CHARS = 2 * 1024 * 1024;
    private static final int HEAD_CHARS = 256 * 1024;
    private static final int TAIL_CHARS = MAX_CHARS - HEAD_CHARS;

    private final StringBuilder head = new StringBuilder();
    private final StringBuilder tail = new StringBuilder();
    private long omitted;

    synchronized void append(String text) {
        int intoHead = Math.min(text.length(), HEAD_CHARS - head.length());
        if (tail.length() == 0 && omitted == 0 && intoHead > 0) {
            head.append(text, 0, intoHead);
            text = text.substring(intoHead);
        }
        tail.append(text);
        // Trimmed in batches so a stream of short lines does not shift the buffer on every append.
        if (tail.length() > TAIL_CHARS + 64 * 1024) {
            int drop = tail.length() - TAIL_CHARS;
            omitted += drop;
            tail.delete(0, drop);
        }
    }

    synchronized String text() {
        if (omitted == 0) {
            return head.toString() + tail;
        }
        return head + "\n[patchmon: " + omitted + " characters of output omitted]\n" + tail;
    }
}
