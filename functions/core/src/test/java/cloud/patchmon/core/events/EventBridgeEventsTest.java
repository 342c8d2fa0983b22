package cloud.patchmon.core.events;

import cloud.patchmon.core.aws.AwsService;
import cloud.patchmon.core.aws.SignedJsonClient;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.retry.Sleeper;
import cloud.patchmon.core.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The adapter against a fake EventBridge endpoint: the PutEvents request, batching, the one retry, never throwing. */
class EventBridgeEventsTest {

    private static final TenantId TENANT = new TenantId("t-0123456789abcdef");
    private static final Instant AT = Instant.parse("2026-12-02T01:15:30Z");

    private final ObjectMapper json = Json.newMapper();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Answers in order; past the queue every entry is accepted. */
    private final Deque<Function<JsonNode, Reply>> replies = new ArrayDeque<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private HttpServer server;
    private EventBridgeEvents events;

    private record Seen(String target, String contentType, String authorization, JsonNode body) {

        List<JsonNode> entries() {
            List<JsonNode> entries = new java.util.ArrayList<>();
            body.path("Entries").forEach(entries::add);
            return entries;
        }
    }

    private record Reply(int status, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            seen.add(new Seen(exchange.getRequestHeaders().getFirst("X-Amz-Target"), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Function<JsonNode, Reply> next;
            synchronized (replies) {
                next = replies.isEmpty() ? this::acceptAll : replies.poll();
            }
            Reply reply = next.apply(body);
            byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        events = events(waits::add);
    }

    private EventBridgeEvents events(Sleeper sleeper) {
        return new EventBridgeEvents(new SignedJsonClient(http, AwsService.EVENTBRIDGE, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "eu-west-1", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                SignedJsonClient.Retries.NONE, Sleeper.THREAD, Clock.systemUTC()), "patchmon-events", json, sleeper);
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    private void reply(Function<JsonNode, Reply> reply) {
        synchronized (replies) {
            replies.add(reply);
        }
    }

    private Reply acceptAll(JsonNode request) {
        ObjectNode answer = json.createObjectNode().put("FailedEntryCount", 0);
        ArrayNode entries = answer.putArray("Entries");
        request.path("Entries").forEach(entry -> entries.addObject().put("EventId", "id-" + entries.size()));
        return new Reply(200, answer.toString());
    }

    /** Accepts every entry but those at the given positions, which fail with {@code code}. */
    private Function<JsonNode, Reply> failing(String code, Integer... positions) {
        return request -> {
            List<Integer> failed = List.of(positions);
            ObjectNode answer = json.createObjectNode().put("FailedEntryCount", failed.size());
            ArrayNode entries = answer.putArray("Entries");
            for (int i = 0; i < request.path("Entries").size(); i++) {
                if (failed.contains(i)) {
                    entries.addObject().put("ErrorCode", code).put("ErrorMessage", "rejected");
                } else {
                    entries.addObject().put("EventId", "id-" + i);
                }
            }
            return new Reply(200, answer.toString());
        };
    }

    private static DomainEvent event(String type, Map<String, Object> data) {
        return new DomainEvent(type, TENANT, AT, data);
    }

    private static List<String> detailTypes(Seen request) {
        return request.entries().stream().map(entry -> entry.path("DetailType").asText()).toList();
    }

    @Test
    void anEventIsOneEntryOnTheBusWithTheTenantInItsDetailSignedForEvents() throws IOException {
        events.publish(event("host_down", Map.of("host_id", "h1", "host_name", "web-1")));

        assertThat(seen).hasSize(1);
        Seen request = seen.get(0);
        assertThat(request.target()).isEqualTo("AWSEvents.PutEvents");
        assertThat(request.contentType()).isEqualTo("application/x-amz-json-1.1");
        assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/eu-west-1/events/aws4_request");
        JsonNode entry = request.entries().get(0);
        assertThat(entry.path("Source").asText()).isEqualTo("patchmon.cloud");
        assertThat(entry.path("DetailType").asText()).isEqualTo("host_down");
        assertThat(entry.path("EventBusName").asText()).isEqualTo("patchmon-events");
        assertThat(entry.path("Time").asLong()).isEqualTo(AT.getEpochSecond());
        assertThat(json.readTree(entry.path("Detail").asText())).isEqualTo(json.readTree("""
                {"tenant_id": "t-0123456789abcdef", "occurred_at": "2026-12-02T01:15:30Z",
                 "data": {"host_id": "h1", "host_name": "web-1"}}
                """));
        assertThat(waits).isEmpty();
    }

    @Test
    void manyEventsGoInRequestsOfAtMostTenInOrder() {
        events.publishAll(IntStream.range(0, 23).mapToObj(i -> event("e" + i, Map.of())).toList());

        assertThat(seen).extracting(request -> request.entries().size()).containsExactly(10, 10, 3);
        assertThat(seen.stream().flatMap(request -> detailTypes(request).stream()))
                .containsExactlyElementsOf(IntStream.range(0, 23).mapToObj(i -> "e" + i).toList());
    }

    @Test
    void aRequestStaysWithin256KbAndAnEntryLargerThanThatAloneIsDroppedNotThrown() {
        String hundredKb = "x".repeat(100 * 1024);
        events.publishAll(List.of(
                event("a", Map.of("output", hundredKb)),
                event("b", Map.of("output", hundredKb)),
                event("too_big", Map.of("output", "y".repeat(256 * 1024))),
                event("c", Map.of("output", hundredKb))));

        assertThat(seen).extracting(EventBridgeEventsTest::detailTypes).containsExactly(List.of("a", "b"), List.of("c"));
    }

    @Test
    void failedEntriesAreSentOnceMoreAloneAfterAPause() {
        reply(failing("ThrottlingException", 1, 3));

        events.publishAll(List.of(event("a", Map.of()), event("b", Map.of()), event("c", Map.of()), event("d", Map.of())));

        assertThat(seen).extracting(EventBridgeEventsTest::detailTypes).containsExactly(List.of("a", "b", "c", "d"), List.of("b", "d"));
        assertThat(waits).hasSize(1).allSatisfy(wait -> assertThat(wait).isPositive());
    }

    @Test
    void entriesFailingTwiceAreLoggedNotRetriedAgainAndNeverThrown() {
        reply(failing("InternalFailure", 0));
        reply(failing("InternalFailure", 0));

        events.publish(event("a", Map.of()));

        assertThat(seen).hasSize(2);
        assertThat(waits).hasSize(1);
    }

    @Test
    void aFailedRequestIsRetriedOnceWhateverItsError() {
        reply(request -> new Reply(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));
        events.publish(event("a", Map.of()));
        assertThat(seen).hasSize(2);

        reply(request -> new Reply(500, ""));
        reply(request -> new Reply(503, ""));
        events.publish(event("b", Map.of()));
        assertThat(seen).hasSize(4);
        assertThat(waits).hasSize(2);
    }

    @Test
    void anUnreachableEndpointIsLoggedNotThrown() {
        server.stop(0);

        events.publish(event("a", Map.of()));

        assertThat(waits).as("tried twice").hasSize(1);
    }

    @Test
    void anInterruptedPauseGivesUpAndKeepsTheInterrupt() {
        EventBridgeEvents interrupted = events(duration -> {
            throw new InterruptedException("shutting down");
        });
        reply(failing("ThrottlingException", 0));
        try {
            interrupted.publish(event("a", Map.of()));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void theEnvironmentPicksEventBridgeOnlyWhenItNamesABus() {
        assertThat(EventBridgeEvents.fromEnvironment(Map.of(), "eu-west-1", json)).isInstanceOf(InProcessEvents.class);
        assertThat(EventBridgeEvents.fromEnvironment(Map.of(EventBridgeEvents.BUS_VARIABLE, " "), "eu-west-1", json))
                .isInstanceOf(InProcessEvents.class);
        Events configured = EventBridgeEvents.fromEnvironment(Map.of(EventBridgeEvents.BUS_VARIABLE, "patchmon-events",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1", json);
        assertThat(configured).isInstanceOf(EventBridgeEvents.class);
        configured.publish(event("a", Map.of()));
        assertThat(seen).as("through the endpoint override").singleElement()
                .satisfies(request -> assertThat(request.entries().get(0).path("EventBusName").asText()).isEqualTo("patchmon-events"));
    }
}
