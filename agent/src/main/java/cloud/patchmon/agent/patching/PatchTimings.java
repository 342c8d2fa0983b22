package cloud.patchmon.agent.patching;

import java.time.Duration;

/**
 * The limits of a run's live output and of a stop.
 *
 * @param flushEvery      a line waits at most this long before it is sent as (part of) a {@code progress} chunk
 * @param maxChunkChars   a chunk is sent as soon as this much is waiting, and never carries more; well inside the
 *                        128 KB WebSocket message the server relays it to browsers in, after JSON escaping
 * @param maxBacklogChars live output waiting for a slow server beyond this is skipped (the terminal stage carries
 *                        the whole output anyway), so a stalled server never grows the agent's memory
 * @param interruptGrace  after SIGINT, the time the package manager gets to roll back and exit before SIGTERM
 * @param terminateGrace  after SIGTERM, the time before SIGKILL
 * @param runLimit        a run still going after this is stopped like an operator's Stop and fails
 * @param drainAfterExit  how long output is still read after the command exited (a daemon it started may keep
 *                        the pipe open forever)
 */
record PatchTimings(Duration flushEvery, int maxChunkChars, int maxBacklogChars, Duration interruptGrace,
                    Duration terminateGrace, Duration runLimit, Duration drainAfterExit) {

    /** AGENT-PROTOCOL.md: stop is SIGINT, then a kill after 30 s. */
    static final PatchTimings DEFAULTS = new PatchTimings(Duration.ofSeconds(1), 16 * 1024, 1024 * 1024,
            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofHours(2), Duration.ofSeconds(30));
}
