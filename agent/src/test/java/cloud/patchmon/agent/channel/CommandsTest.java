package cloud.patchmon.agent.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private final List<String> everySent = Collections.synchronizedList(new ArrayList<>());
    private final Outbox outbox = text -> everySent.add(text) && sent.add(text);
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private final Commands commands = new Commands(Map.of(
            "report_now", message -> {
                ran.add(message.path("type").asText());
                return CommandHandler.done();
            },
            "slow", message -> {
                release.await(10, TimeUnit.SECONDS);
                return CommandHandler.done();
            },
            "broken", message -> {
                throw new IllegalArgumentException("update_interval must be a whole number");
            },
            "fails_later", message -> CompletableFuture.failedFuture(new CompletionException(new IllegalStateException("the report failed: 502"))),
            "restarts", message -> CompletableFuture.completedFuture(new CommandHandler.Done(() -> ran.add("restart after " + everySent.size() + " acks")))));

    @AfterEach
    void close() {
        commands.close();
    }

    private JsonNode next() throws Exception {
        String text = sent.poll(10, TimeUnit.SECONDS);
        assertThat(text).as("an acknowledgement").isNotNull();
        return JSON.readTree(text);
    }

    private void assertAck(JsonNode ack, String jobId, String status) {
        assertThat(ack.path("type").asText()).isEqualTo("command_ack");
        assertThat(ack.path("job_id").asText()).isEqualTo(jobId);
        assertThat(ack.path("status").asText()).isEqualTo(status);
    }

    @Test
    void aCommandWithAJobIdIsAcknowledgedOnReceiptAndOnCompletion() throws Exception {
        commands.received("{\"type\":\"report_now\",\"job_id\":\"job-1\"}", outbox);

        assertAck(next(), "job-1", "received");
        JsonNode done = next();
        assertAck(done, "job-1", "completed");
        assertThat(done.has("error")).isFalse();
        assertThat(ran).containsExactly("report_now");
    }

    @Test
    void aNumericJobIdIsEchoedAsANumber() throws Exception {
        commands.received("{\"type\":\"report_now\",\"job_id\":42}", outbox);

        assertThat(next().path("job_id").isNumber()).isTrue();
    }

    @Test
    void aFailingCommandIsAcknowledgedWithItsError() throws Exception {
        commands.received("{\"type\":\"broken\",\"job_id\":\"a\"}", outbox);
        commands.received("{\"type\":\"fails_later\",\"job_id\":\"b\"}", outbox);

        assertAck(next(), "a", "received");
        JsonNode a = next();
        if (a.path("job_id").asText().equals("b")) {
            assertAck(a, "b", "received");
            a = next();
        }
        assertAck(a, "a", "failed");
        assertThat(a.path("error").asText()).isEqualTo("update_interval must be a whole number");
        JsonNode b = next();
        if (b.path("status").asText().equals("received")) {
            b = next();
        }
        assertAck(b, "b", "failed");
        assertThat(b.path("error").asText()).isEqualTo("the report failed: 502");
    }

    @Test
    void upstreamCommandsWithoutAJobIdGetNoAcknowledgement() throws Exception {
        commands.received("{\"type\":\"report_now\"}", outbox);
        commands.received("{\"type\":\"report_now\",\"job_id\":\"marker\"}", outbox);

        assertAck(next(), "marker", "received");
        assertAck(next(), "marker", "completed");
        assertThat(ran).as("both ran, in order, on the one worker").containsExactly("report_now", "report_now");
        assertThat(sent).isEmpty();
    }

    @Test
    void malformedAndUntypedMessagesAreIgnoredAndUnknownTypesRefused() throws Exception {
        commands.received("{not json", outbox);
        commands.received("[1,2]", outbox);
        commands.received("{\"type\":5,\"job_id\":\"untyped\"}", outbox);
        commands.received("{\"type\":\"ssh_proxy\",\"job_id\":\"unknown\"}", outbox);
        commands.received("{\"type\":\"report_now\",\"job_id\":\"after\"}", outbox);

        JsonNode refused = next();
        assertAck(refused, "unknown", "failed");
        assertThat(refused.path("error").asText()).contains("ssh_proxy");
        assertAck(next(), "after", "received");
        assertAck(next(), "after", "completed");
        assertThat(ran).containsExactly("report_now");
    }

    @Test
    void aSlowCommandDoesNotHoldUpTheReceiptOfTheNext() throws Exception {
        commands.received("{\"type\":\"slow\",\"job_id\":\"slow\"}", outbox);
        commands.received("{\"type\":\"report_now\",\"job_id\":\"next\"}", outbox);

        assertAck(next(), "slow", "received");
        assertAck(next(), "next", "received");
        assertThat(ran).as("commands run one at a time").isEmpty();
        release.countDown();
        assertAck(next(), "slow", "completed");
        assertAck(next(), "next", "completed");
    }

    @Test
    void whatACommandLeavesForAfterItsAcknowledgementRunsAfterIt() throws Exception {
        commands.received("{\"type\":\"restarts\",\"job_id\":\"update\"}", outbox);

        assertAck(next(), "update", "received");
        assertAck(next(), "update", "completed");
        Eventually.until("the restart ran", () -> !ran.isEmpty());
        assertThat(ran).containsExactly("restart after 2 acks");
    }
}
