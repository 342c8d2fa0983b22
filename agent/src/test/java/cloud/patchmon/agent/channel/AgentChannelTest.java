package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AgentChannelTest {

    private static final ChannelTimings TIMINGS = new ChannelTimings(Duration.ofSeconds(30), Duration.ofSeconds(90),
            Duration.ofMinutes(115), Duration.ofSeconds(30), 128 * 1024);

    /** One call of the back-off port. */
    record Pause(int attempt, Duration retryAfter) {
    }

    @TempDir
    Path dir;

    private final FakeAgentsGateway gateway = new FakeAgentsGateway();
    private final ManualClock clock = new ManualClock();
    private final List<Pause> pauses = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private Thread running;

    AgentChannelTest() throws Exception {
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.interrupt();
            running.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(running.isAlive()).as("the channel stops when interrupted").isFalse();
        }
        gateway.close();
    }

    private AgentChannel start(ChannelTimings timings) throws Exception {
        Files.writeString(dir.resolve("config.yml"), "patchmon_server: \"" + gateway.serverUrl() + "\"\ncredentials_file: \"" + dir.resolve("credentials.yml") + "\"\n");
        ConfigFiles files = new ConfigFiles(dir);
        files.writeCredentials(dir.resolve("credentials.yml"), new Credentials("patchmon_abc", "secret-key"));
        AgentChannel channel = new AgentChannel(files, (attempt, retryAfter) -> pauses.add(new Pause(attempt, retryAfter)), clock, timings,
                (text, replies) -> inbox.add(text));
        running = new Thread(() -> {
            try {
                channel.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-channel");
        running.start();
        return channel;
    }

    @Test
    void dialsTheAgentsPathWithTheApiCredentialsAndDeliversServerMessages() throws Exception {
        AgentChannel channel = start(TIMINGS);
        Eventually.until("connected", gateway::connected);

        assertThat(gateway.upgrades()).containsExactly(new FakeAgentsGateway.Upgrade(FakeAgentsGateway.PATH, "patchmon_abc", "secret-key"));
        gateway.send("{\"type\":\"report_now\"}");
        assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"report_now\"}");
        assertThat(channel.send("{\"type\":\"command_ack\"}")).isTrue();
        assertThat(gateway.next(Duration.ofSeconds(10))).isEqualTo("{\"type\":\"command_ack\"}");
    }

    @Test
    void aMessageInSeveralFramesArrivesWholeAndOneOverTheLimitIsRefused() throws Exception {
        start(new ChannelTimings(TIMINGS.pingEvery(), TIMINGS.pongTimeout(), TIMINGS.maxLifetime(), TIMINGS.slowestRetry(), 1000));
        Eventually.until("connected", gateway::connected);

        String fits = "{\"type\":\"x\",\"pad\":\"" + "é".repeat(480) + "\"}";
        gateway.sendInFrames(fits, 100);
        String tooBig = "{\"type\":\"x\",\"pad\":\"" + "é".repeat(500) + "\"}";
        gateway.sendInFrames(tooBig, 100);
        gateway.send("{\"type\":\"after\"}");

        assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo(fits);
        assertThat(inbox.poll(10, TimeUnit.SECONDS)).as("1,000 characters but over 1,000 bytes: refused").isEqualTo("{\"type\":\"after\"}");
        assertThat(gateway.connected()).as("a refused message does not end the connection").isTrue();
    }

    @Test
    void pingsEveryIntervalAndKeepsAConnectionThatAnswers() throws Exception {
        gateway.markPongs();
        start(TIMINGS);
        for (int ping = 1; ping <= 5; ping++) {
            int expected = ping;
            Eventually.until("ping " + expected, () -> gateway.pings() == expected);
            assertThat(inbox.poll(10, TimeUnit.SECONDS)).as("the pong reached the agent").isEqualTo("pong");
            clock.step();
        }
        Eventually.until("ping 6", () -> gateway.pings() == 6);

        assertThat(gateway.upgrades()).as("150 s of answered pings: still the first connection").hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aConnectionThatAnswersNoPingFor90SecondsIsReplaced() throws Exception {
        gateway.answerPings(false);
        start(TIMINGS);
        for (int ping = 1; ping <= 3; ping++) {
            int expected = ping;
            Eventually.until("ping " + expected, () -> gateway.pings() == expected);
            assertThat(gateway.upgrades()).hasSize(1);
            clock.step();
        }

        Eventually.until("redialled", () -> gateway.upgrades().size() == 2);
        assertThat(pauses).containsExactly(new Pause(1, null));
    }

    @Test
    void redialsWithGrowingBackOffAfterADropAndStartsOverAfterASuccessfulDial() throws Exception {
        start(TIMINGS);
        Eventually.until("connected", gateway::connected);

        gateway.refuse(503, 2);
        gateway.drop();
        Eventually.until("connected again", () -> gateway.upgrades().size() == 4 && gateway.connected());
        gateway.drop();
        Eventually.until("connected a third time", () -> gateway.upgrades().size() == 5 && gateway.connected());

        assertThat(pauses).containsExactly(new Pause(1, null), new Pause(2, null), new Pause(3, null), new Pause(1, null));
    }

    @Test
    void refusedCredentialsAreRetriedAtTheSlowEndOfTheBackOff() throws Exception {
        gateway.refuse(401, 1);
        start(TIMINGS);

        Eventually.until("connected after the refusal", () -> gateway.upgrades().size() == 2 && gateway.connected());
        assertThat(pauses).containsExactly(new Pause(1, Duration.ofSeconds(30)));
    }

    @Test
    void renewsTheConnectionBeforeItsLifetimeEndsWithoutWaiting() throws Exception {
        start(new ChannelTimings(Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofSeconds(45), Duration.ofSeconds(30), 128 * 1024));
        Eventually.until("ping 1", () -> gateway.pings() == 1);
        clock.step();
        Eventually.until("ping 2", () -> gateway.pings() == 2);
        clock.step();

        Eventually.until("renewed", () -> gateway.upgrades().size() == 2 && gateway.connected());
        assertThat(gateway.closeCodes()).as("the old connection was closed normally").containsExactly(1000);
        assertThat(pauses).as("a renewal redials at once").isEmpty();
    }

    @Test
    void theDefaultsRespectApiGateway() {
        assertThat(ChannelTimings.DEFAULTS.maxLifetime()).isLessThan(Duration.ofHours(2));
        assertThat(ChannelTimings.DEFAULTS.pingEvery()).isLessThan(Duration.ofMinutes(10));
        assertThat(ChannelTimings.DEFAULTS.maxMessageBytes()).isEqualTo(128 * 1024);
    }
}
