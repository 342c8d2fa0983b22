package cloud.patchmon.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A PatchMon stand-in on a real loopback HTTP port for the agent's unit tests: answers queued per path,
 * records every request. The agent against the real server is covered by the end-to-end tests.
 */
public final class FakePatchmon implements AutoCloseable {

    /**
     * One request the agent made.
     *
     * @param query the raw query string, or {@code null}
     */
    public record Request(String method, String path, String query, Map<String, String> headers, JsonNode body) {
    }

    private record Answer(int status, String body, Map<String, String> headers) {
        Answer(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Deque<Answer>> queued = new HashMap<>();
    private final Map<String, Answer> standing = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    public FakePatchmon() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            Answer answer;
            synchronized (this) {
                requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers,
                        raw.length == 0 ? null : JSON.readTree(raw)));
                Deque<Answer> queue = queued.get(path);
                answer = queue != null && !queue.isEmpty() ? queue.poll() : standing.getOrDefault(path, new Answer(404, "{\"error\":\"Not found\"}"));
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** The API base an agent configured for this server uses. */
    public URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
    }

    /** The server URL as config.yml's patchmon_server holds it. */
    public String serverUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code path} (under /api/v1) with this, every time, unless something is queued. */
    public synchronized FakePatchmon always(String path, int status, String body) {
        standing.put("/api/v1" + path, new Answer(status, body));
        return this;
    }

    /** Answers the next request to {@code path} with this. */
    public synchronized FakePatchmon once(String path, int status, String body) {
        queued.computeIfAbsent("/api/v1" + path, p -> new ArrayDeque<>()).add(new Answer(status, body));
        return this;
    }

    /** Answers the next request to {@code path} with this status, body and headers. */
    public synchronized FakePatchmon once(String path, int status, String body, Map<String, String> headers) {
        queued.computeIfAbsent("/api/v1" + path, p -> new ArrayDeque<>()).add(new Answer(status, body, headers));
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals("/api/v1" + path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
