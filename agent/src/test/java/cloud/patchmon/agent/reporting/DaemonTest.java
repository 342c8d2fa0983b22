package cloud.patchmon.agent.reporting;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.ConfigFiles;
import cloud.patchmon.agent.config.Credentials;
import cloud.patchmon.agent.server.FakePatchmon;
import cloud.patchmon.agent.server.ServerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonTest {

    private static final String UPDATED = "{\"message\":\"Host updated successfully\",\"packagesProcessed\":2,\"updatesAvailable\":1,\"securityUpdates\":1}";

    @TempDir
    Path dir;

    private final FakePatchmon server = new FakePatchmon();

    DaemonTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A clock the sleeper moves: each wait jumps to the requested instant. */
    private static final class Steps implements Sleeper {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        final List<Instant> waits = new ArrayList<>();
        final int cycles;
        Runnable beforeWait = () -> { };
        boolean wakesEarly;

        Steps(int cycles) {
            this.cycles = cycles;
        }

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };
        }

        @Override
        public boolean sleepUntil(Instant when, BooleanSupplier wakeEarly) {
            beforeWait.run();
            if (wakesEarly && wakeEarly.getAsBoolean()) {
                return true;
            }
            if (waits.size() >= cycles) {
                return false;
            }
            waits.add(when);
            now = when;
            return true;
        }
    }

    private ConfigFiles configure(int interval) throws IOException {
        Files.writeString(dir.resolve("config.yml"), """
                patchmon_server: "%s"
                update_interval: %d
                report_offset: 30
                credentials_file: "%s/credentials.yml"
                integrations:
                  docker: false
                  compliance:
                    enabled: false
                """.formatted(server.serverUrl(), interval, dir));
        ConfigFiles files = new ConfigFiles(dir);
        files.writeCredentials(dir.resolve("credentials.yml"), new Credentials("patchmon_0123456789abcdef", "key"));
        return files;
    }

    /** A server that takes every report, with these settings and no integrations switched on. */
    private void answerEveryCycle(String settings) {
        server.always("/settings/update-interval", 200, settings)
                .always("/hosts/integrations", 200, "{\"integrations\":{\"docker\":false,\"compliance\":false}}")
                .always("/hosts/ping", 200, "{\"hashGate\":true}")
                .always("/hosts/update", 200, UPDATED);
    }

    private Daemon.Sessions sessions(Inventory inventory) {
        return files -> {
            AgentConfig config = files.config();
            Credentials credentials = files.credentials(config);
            ServerClient client = new ServerClient(config.apiBase(), credentials, ServerClient.httpClient(false), (attempt, retryAfter) -> { }, "1.2.3");
            Reporter reporter = new Reporter(() -> inventory, client, new Payloads("1.2.3"));
            return new Daemon.Session() {
                public AgentConfig config() {
                    return config;
                }

                public Credentials credentials() {
                    return credentials;
                }

                public ServerClient server() {
                    return client;
                }

                public Reporter reporter() {
                    return reporter;
                }
            };
        };
    }

    @Test
    void syncsTheServersSettingsThenReportsFullFirstAndEveryTwentyFourthCycleOnTheSchedule() throws Exception {
        ConfigFiles files = configure(60);
        server.always("/settings/update-interval", 200, "{\"updateInterval\":30}")
                .always("/hosts/integrations", 200, "{\"success\":true,\"integrations\":{\"docker\":true,\"compliance\":false}}")
                .always("/hosts/ping", 200, "{\"message\":\"Ping successful\",\"hashGate\":true}")
                .always("/hosts/update", 200, UPDATED);
        Steps steps = new Steps(25);

        new Daemon(files, sessions(TestInventories.typical()), steps, steps.clock(), new ReportRequests(), () -> { }).run();

        AgentConfig config = files.config();
        assertThat(config.updateInterval()).as("interval taken from the server").isEqualTo(30);
        assertThat(config.integrations().docker()).as("integration toggle taken from the server").isTrue();
        assertThat(steps.waits.get(0)).isEqualTo(Instant.parse("2026-12-01T10:00:30Z"));
        assertThat(steps.waits.get(1)).isEqualTo(Instant.parse("2026-12-01T10:30:30Z"));
        assertThat(server.requests("/hosts/ping")).hasSize(26);
        assertThat(server.requests("/hosts/update")).as("cycles 0 and 24 are full, the rest find nothing stale").hasSize(2);
        assertThat(server.requests("/settings/update-interval")).as("at start-up and before the 24th cycle").hasSize(2);
        LastReport last = LastReport.load(dir).orElseThrow();
        assertThat(last.sent()).isEqualTo("none");
        assertThat(last.error()).isNull();
    }

    @Test
    void aFailedCycleIsRecordedAndTheDaemonCarriesOn() throws Exception {
        ConfigFiles files = configure(60);
        server.always("/settings/update-interval", 500, "{\"error\":\"down\"}")
                .always("/hosts/ping", 502, "{\"error\":\"bad gateway\"}");
        Steps steps = new Steps(2);
        List<String> recorded = new ArrayList<>();
        steps.beforeWait = () -> LastReport.load(dir).ifPresent(r -> recorded.add(r.sent() + ":" + r.error()));

        new Daemon(files, sessions(TestInventories.typical()), steps, steps.clock(), new ReportRequests(), () -> { }).run();

        assertThat(recorded).hasSize(3).allSatisfy(r -> assertThat(r).startsWith("failed:").contains("502"));
        assertThat(files.config().updateInterval()).isEqualTo(60);
    }

    @Test
    void aChangedConfigIsReloadedBeforeTheNextCycle() throws Exception {
        ConfigFiles files = configure(60);
        answerEveryCycle("{\"updateInterval\":60}");
        Steps steps = new Steps(3);
        steps.beforeWait = () -> {
            if (steps.waits.size() == 1) {
                try {
                    files.set("update_interval", "5");
                    Files.setLastModifiedTime(files.configFile(), FileTime.from(Instant.now().plusSeconds(5)));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };

        new Daemon(files, sessions(TestInventories.typical()), steps, steps.clock(), new ReportRequests(), () -> { }).run();

        assertThat(steps.waits.get(0)).isEqualTo(Instant.parse("2026-12-01T10:00:30Z"));
        assertThat(steps.waits.get(1)).as("still the 60-minute schedule: the change lands during this wait").isEqualTo(Instant.parse("2026-12-01T11:00:30Z"));
        assertThat(steps.waits.get(2)).as("the reloaded 5-minute schedule").isEqualTo(Instant.parse("2026-12-01T11:05:30Z"));
    }

    @Test
    void aRequestedReportIsSentAtOnceInFullAndTheScheduleKeepsItsSlot() throws Exception {
        ConfigFiles files = configure(60);
        answerEveryCycle("{\"updateInterval\":60}");
        ReportRequests requests = new ReportRequests();
        List<java.util.concurrent.CompletableFuture<LastReport>> asked = new ArrayList<>();
        Steps steps = new Steps(2);
        steps.wakesEarly = true;
        steps.beforeWait = () -> {
            if (steps.waits.size() == 1 && asked.isEmpty()) {
                asked.add(requests.request());
            }
        };

        new Daemon(files, sessions(TestInventories.typical()), steps, steps.clock(), requests, () -> { }).run();

        assertThat(asked.get(0)).isCompleted();
        assertThat(asked.get(0).join().sent()).isEqualTo("full");
        assertThat(asked.get(0).join().error()).isNull();
        assertThat(server.requests("/hosts/update")).as("the start-up report and the requested one").hasSize(2);
        assertThat(server.requests("/hosts/ping")).as("start-up, first slot, requested, second slot").hasSize(4);
        assertThat(steps.waits).containsExactly(Instant.parse("2026-12-01T10:00:30Z"), Instant.parse("2026-12-01T11:00:30Z"));
    }

    @Test
    void aRequestedReportThatFailsSaysWhy() throws Exception {
        ConfigFiles files = configure(60);
        answerEveryCycle("{\"updateInterval\":60}");
        ReportRequests requests = new ReportRequests();
        List<java.util.concurrent.CompletableFuture<LastReport>> asked = new ArrayList<>();
        Steps steps = new Steps(1);
        steps.wakesEarly = true;
        steps.beforeWait = () -> {
            if (steps.waits.size() == 1 && asked.isEmpty()) {
                server.always("/hosts/update", 400, "{\"error\":\"packages hash mismatch\"}");
                asked.add(requests.request());
            }
        };

        new Daemon(files, sessions(TestInventories.typical()), steps, steps.clock(), requests, () -> { }).run();

        assertThat(asked.get(0).join().sent()).isEqualTo("failed");
        assertThat(asked.get(0).join().error()).contains("hash mismatch");
    }

    @Test
    void withAutoUpdateOnTheUpdateCheckFollowsTheStartUpReportAndEveryTwentyFourthCycle() throws Exception {
        ConfigFiles files = configure(60);
        answerEveryCycle("{\"updateInterval\":60,\"autoUpdate\":true}");
        Steps steps = new Steps(25);
        List<Integer> reportsBeforeCheck = new ArrayList<>();

        new Daemon(files, sessions(TestInventories.typical()), steps, steps.clock(), new ReportRequests(),
                () -> reportsBeforeCheck.add(server.requests("/hosts/update").size())).run();

        assertThat(reportsBeforeCheck).as("after the start-up report, then after the 24th cycle's").containsExactly(1, 2);
    }

    @Test
    void theServerTurningAutoUpdateOffStopsTheScheduledCheck() throws Exception {
        ConfigFiles files = configure(60);
        answerEveryCycle("{\"updateInterval\":60,\"autoUpdate\":false}");
        Steps steps = new Steps(25);
        List<String> checks = new ArrayList<>();

        new Daemon(files, sessions(TestInventories.typical()), steps, steps.clock(), new ReportRequests(), () -> checks.add("check")).run();

        assertThat(files.config().autoUpdate()).as("auto_update written from the server").isFalse();
        assertThat(checks).isEmpty();
    }

    @Test
    void aFailedUpdateCheckIsLoggedAndTheDaemonCarriesOn() throws Exception {
        ConfigFiles files = configure(60);
        answerEveryCycle("{\"updateInterval\":60}");
        Steps steps = new Steps(2);
        List<String> checks = new ArrayList<>();

        new Daemon(files, sessions(TestInventories.typical()), steps, steps.clock(), new ReportRequests(), () -> {
            checks.add("check");
            throw new IllegalStateException("the download of 2.0.0 has SHA-256 00, not ff; not installed");
        }).run();

        assertThat(checks).as("an upstream server sends no autoUpdate: the default, on, stays").hasSize(1);
        assertThat(server.requests("/hosts/ping")).as("every cycle still ran").hasSize(3);
    }
}
