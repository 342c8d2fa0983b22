package cloud.patchmon.core.events;

import cloud.patchmon.core.aws.AwsResponse;
import cloud.patchmon.core.aws.AwsService;
import cloud.patchmon.core.aws.SignedJsonClient;
import cloud.patchmon.core.retry.Sleeper;
import cloud.patchmon.core.storage.AwsCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link Events} on EventBridge's PutEvents (JSON 1.1 API, {@code X-Amz-Target: AWSEvents.PutEvents}) through a
 * {@link SignedJsonClient} for {@code events}: the generated {@code eventbridge} client is not published at the SDK
 * version the functions are pinned to (DESIGN.md).
 *
 * <p>Each event is one entry: source {@value #SOURCE}, detail-type the event's type, detail
 * {@code {"tenant_id", "occurred_at", "data"}}. Entries go in requests of at most {@value #MAX_ENTRIES} whose sizes
 * (as EventBridge counts them) add up to at most 256 KB; an entry larger than that alone is logged and dropped.
 * Entries that fail (an entry's error code, or the whole request: throttling, 5xx, a network error) are sent once
 * more after a short pause, then logged. Publishing never throws into the caller: an event is a side effect of
 * something that already happened (a sign-in, a host going down), which must not fail because notifications do.
 */
public final class EventBridgeEvents implements Events {

    public static final String SOURCE = "patchmon.cloud";
    /** The functions' environment variable naming the bus; unset means events stay in process. */
    public static final String BUS_VARIABLE = "PATCHMON_EVENT_BUS_NAME";
    static final int MAX_ENTRIES = 10;
    static final int MAX_REQUEST_BYTES = 256 * 1024;
    /** What a Time field adds to an entry's size, per EventBridge's entry-size rules. */
    private static final int TIME_BYTES = 14;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final SignedJsonClient.JsonProtocol PROTOCOL = new SignedJsonClient.JsonProtocol("1.1", "AWSEvents");
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeEvents.class);

    private final SignedJsonClient client;
    private final String busName;
    private final ObjectMapper json;
    private final Sleeper sleeper;

    /**
     * @param client  signed for {@link AwsService#EVENTBRIDGE}, without retries of its own: this adapter retries
     *                entries, which a request-level retry cannot
     * @param busName the bus every entry is put on
     * @param sleeper waits out the pause before the one retry
     */
    public EventBridgeEvents(SignedJsonClient client, String busName, ObjectMapper json, Sleeper sleeper) {
        this.client = client;
        this.busName = busName;
        this.json = json;
        this.sleeper = sleeper;
    }

    /**
     * The adapter the function's environment asks for: EventBridge when {@value #BUS_VARIABLE} names a bus (the stack
     * sets it on the functions that publish), else {@link InProcessEvents} (the local stack, tests).
     */
    public static Events fromEnvironment(Map<String, String> env, String region, ObjectMapper json) {
        return forBus(env.getOrDefault(BUS_VARIABLE, ""), region, env, json);
    }

    /**
     * EventBridge on {@code busName}, or {@link InProcessEvents} when it is blank. The endpoint is
     * {@code AWS_ENDPOINT_URL_EVENTBRIDGE}, else {@code AWS_ENDPOINT_URL}, else the region's; credentials as for every
     * other client ({@link AwsCredentials}).
     */
    public static Events forBus(String busName, String region, Map<String, String> env, ObjectMapper json) {
        if (busName == null || busName.isBlank()) {
            return new InProcessEvents();
        }
        return new EventBridgeEvents(SignedJsonClient.forService(AwsService.EVENTBRIDGE, region, env, SignedJsonClient.Retries.NONE),
                busName, json, Sleeper.THREAD);
    }

    @Override
    public void publish(DomainEvent event) {
        publishAll(List.of(event));
    }

    @Override
    public void publishAll(List<DomainEvent> events) {
        List<Entry> entries = new ArrayList<>();
        for (DomainEvent event : events) {
            Entry entry;
            try {
                entry = entry(event);
            } catch (RuntimeException e) {
                LOG.error("event {} of tenant {} not published: its data is not JSON", event.type(), event.tenantId().value(), e);
                continue;
            }
            if (entry.size() > MAX_REQUEST_BYTES) {
                LOG.error("event {} of tenant {} not published: {} bytes, over EventBridge's 256 KB", event.type(),
                        event.tenantId().value(), entry.size());
            } else {
                entries.add(entry);
            }
        }
        for (List<Entry> batch : batches(entries)) {
            send(batch);
        }
    }

    /** In order, greedily: a request closes at ten entries or when the next entry would pass 256 KB. */
    private static List<List<Entry>> batches(List<Entry> entries) {
        List<List<Entry>> batches = new ArrayList<>();
        List<Entry> current = new ArrayList<>();
        int bytes = 0;
        for (Entry entry : entries) {
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + entry.size() > MAX_REQUEST_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(entry);
            bytes += entry.size();
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private void send(List<Entry> batch) {
        List<Failure> failed = put(batch);
        if (failed.isEmpty()) {
            return;
        }
        try {
            sleeper.sleep(RETRY_PAUSE);
            failed = put(failed.stream().map(Failure::entry).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Failure failure : failed) {
            LOG.error("event {} of tenant {} not published after a retry: {}", failure.entry().event().type(),
                    failure.entry().event().tenantId().value(), failure.reason());
        }
    }

    /** The entries of this request that EventBridge did not take, each with why. */
    private List<Failure> put(List<Entry> batch) {
        ObjectNode request = json.createObjectNode();
        ArrayNode array = request.putArray("Entries");
        batch.forEach(entry -> array.add(entry.json()));
        AwsResponse answer;
        try {
            answer = client.action(PROTOCOL, "PutEvents", request);
        } catch (RuntimeException e) {
            Throwable why = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            return batch.stream().map(entry -> new Failure(entry, why.getClass().getSimpleName())).toList();
        }
        if (!answer.ok()) {
            String reason = "HTTP " + answer.status() + answer.errorType().map(type -> " " + type).orElse("");
            return batch.stream().map(entry -> new Failure(entry, reason)).toList();
        }
        List<Failure> failed = new ArrayList<>();
        JsonNode results = answer.body().path("Entries");
        for (int i = 0; i < batch.size(); i++) {
            JsonNode result = results.path(i);
            if (result.hasNonNull("ErrorCode")) {
                failed.add(new Failure(batch.get(i), result.get("ErrorCode").asText()));
            } else if (!result.hasNonNull("EventId")) {
                failed.add(new Failure(batch.get(i), "no result for the entry"));
            }
        }
        return failed;
    }

    private Entry entry(DomainEvent event) {
        ObjectNode detail = json.createObjectNode()
                .put("tenant_id", event.tenantId().value())
                .put("occurred_at", event.occurredAt().toString());
        detail.set("data", json.valueToTree(event.data()));
        String detailText;
        try {
            detailText = json.writeValueAsString(detail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode entry = json.createObjectNode()
                .put("Source", SOURCE)
                .put("DetailType", event.type())
                .put("Detail", detailText)
                .put("EventBusName", busName)
                .put("Time", event.occurredAt().getEpochSecond());
        int size = utf8(SOURCE) + utf8(event.type()) + utf8(detailText) + TIME_BYTES;
        return new Entry(event, entry, size);
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private record Entry(DomainEvent event, ObjectNode json, int size) {
    }

    private record Failure(Entry entry, String reason) {
    }
}
