package cloud.patchmon.agent.patching;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class LiveOutputTest {

    private static PatchTimings timings(Duration flushEvery, int maxChunk, int maxBacklog) {
        return new PatchTimings(flushEvery, maxChunk, maxBacklog, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofSeconds(1));
    }

    @Test
    void linesWaitForTheIntervalAndAreSentTogether() throws Exception {
        List<String> chunks = new ArrayList<>();
        LiveOutput live = LiveOutput.start(chunk -> {
            synchronized (chunks) {
                chunks.add(chunk);
            }
            return true;
        }, timings(Duration.ofMillis(200), 16 * 1024, 1024 * 1024), "t");

        for (int i = 0; i < 50; i++) {
            live.append("line " + i + "\n");
        }
        Eventually.until("the interval flushed the lines", () -> {
            synchronized (chunks) {
                return !chunks.isEmpty();
            }
        });
        live.finish();

        assertThat(String.join("", chunks)).isEqualTo(live.text()).startsWith("line 0\n").endsWith("line 49\n");
        assertThat(chunks.size()).as("50 lines, not 50 requests").isLessThan(50);
    }

    @Test
    void aStalledServerNeverGrowsTheBacklogAndTheSkipIsSaid() throws Exception {
        CountDownLatch serverBack = new CountDownLatch(1);
        CountDownLatch inFlight = new CountDownLatch(1);
        List<String> chunks = new ArrayList<>();
        LiveOutput live = LiveOutput.start(chunk -> {
            inFlight.countDown();
            serverBack.await();
            chunks.add(chunk);
            return true;
        }, timings(Duration.ofMillis(1), 1024, 4096), "t");
        live.append("first\n");
        Eventually.until("the first chunk is in flight", () -> inFlight.getCount() == 0);
        for (int i = 0; i < 1000; i++) {
            live.append(String.format("line %04d%n", i));
        }

        serverBack.countDown();
        live.finish();

        String streamed = String.join("", chunks);
        assertThat(live.text()).as("the authoritative copy has everything").contains("line 0000", "line 0999");
        assertThat(streamed).startsWith("first\n").contains("characters of live output skipped").contains("line 0999")
                .doesNotContain("line 0000");
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length()).isLessThan(1024 + 200));
    }

    @Test
    void whenTheServerIsFailingTheEndOfTheRunDoesNotWaitBehindTheBacklog() throws Exception {
        CountDownLatch appended = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<LiveOutput> output = new AtomicReference<>();
        LiveOutput live = LiveOutput.start(chunk -> {
            attempts.incrementAndGet();
            appended.await();
            // The run ends while this chunk fails.
            output.get().close();
            return false;
        }, timings(Duration.ofHours(1), 1024, 1024 * 1024), "t");
        output.set(live);
        for (int i = 0; i < 1000; i++) {
            live.append(String.format("line %04d of a long upgrade%n", i));
        }

        appended.countDown();
        live.finish();

        assertThat(attempts).as("one failed chunk, not the 27 still waiting").hasValue(1);
        assertThat(live.text()).contains("line 0000", "line 0999");
    }

    @Test
    void theWholeOutputKeepsItsStartAndEndPastItsLimit() {
        OutputLog log = new OutputLog();
        log.append("$ apt-get upgrade -y\n");
        String line = "x".repeat(99) + "\n";
        for (int i = 0; i < 40_000; i++) {
            log.append(line);
        }
        log.append("done\n");

        String text = log.text();
        assertThat(text.length()).isBetween(OutputLog.MAX_CHARS, OutputLog.MAX_CHARS + 100 * 1024);
        assertThat(text).startsWith("$ apt-get upgrade -y\n").endsWith("done\n").contains("characters of output omitted");
    }
}
