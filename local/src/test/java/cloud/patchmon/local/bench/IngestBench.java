package cloud.patchmon.local.bench;

import cloud.patchmon.protocol.CanonicalHashes;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.local.LocalSettings;
import cloud.patchmon.local.LocalStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./patchmon bench ingest}: simulated hosts reporting 2,000-package payloads into the real
 * local stack over HTTP. Write units per request come from DynamoDB's ReturnConsumedCapacity, as
 * the API totals them ({@code X-Consumed-Capacity}, enabled for this run only).
 */
public final class IngestBench {

    private static final int PACKAGES = 2000;
    private static final int HOSTS = 20;
    private static final int ROUNDS = 10;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final CanonicalHashes canonical = new CanonicalHashes();
    private final String base;

    private IngestBench(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        Path data = Files.createTempDirectory("patchmon-bench-");
        String summary;
        try (ConfigurableApplicationContext stack = LocalStack.start(new LocalSettings(0, data),
                "--patchmon.http.capacity-header=true", "--patchmon.auth.rate-limit=100000", "--logging.level.patchmon.access=WARN")) {
            int port = ((WebServerApplicationContext) stack).getWebServer().getPort();
            summary = new IngestBench("http://localhost:" + port).run();
        }
        // Printed after the stack has stopped, so it is the last line of the output.
        System.out.println(summary);
        System.out.flush();
        System.exit(0);
    }

    private record Response(int status, JsonNode body, double wcu) {
    }

    private Response send(String method, String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        double wcu = response.headers().firstValue("X-Consumed-Capacity")
                .map(v -> Double.parseDouble(v.substring(v.indexOf("wcu=") + 4))).orElse(Double.NaN);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return new Response(response.statusCode(), json.readTree(response.body()), wcu);
    }

    private static List<PackageEntry> packages(int outdated) {
        List<PackageEntry> list = new ArrayList<>();
        for (int i = 0; i < PACKAGES; i++) {
            boolean old = i < outdated;
            list.add(PackageEntry.of("package-" + i, "Package number " + i, "utils", "1.0." + i, old ? "1.1." + i : null, old, old && i % 3 == 0, "bookworm/main"));
        }
        return list;
    }

    private Map<String, Object> report(List<PackageEntry> packages) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("packages", packages);
        body.put("hostname", "bench.example.com");
        body.put("osType", "Debian");
        body.put("osVersion", "12");
        body.put("agentVersion", "2.1.0");
        body.put("hashes", Map.of("packagesHash", canonical.packages(packages)));
        return body;
    }

    /** @return the summary line */
    private String run() throws Exception {
        String owner = "bench" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode signup = send("POST", "/api/v1/auth/signup", Map.of("tenant_name", "Bench " + owner, "username", owner,
                "email", owner + "@example.test", "password", "Sup3r-Secret!"), Map.of()).body();
        Map<String, String> user = Map.of("Authorization", "Bearer " + signup.path("token").asText());
        List<Map<String, String>> agents = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            JsonNode host = send("POST", "/api/v1/hosts", Map.of("friendly_name", "bench-" + i), user).body();
            agents.add(Map.of("X-API-ID", host.path("api_id").asText(), "X-API-KEY", host.path("api_key").asText()));
        }
        List<PackageEntry> baseline = packages(100);
        Map<String, Object> unchanged = report(baseline);
        double firstReport = send("POST", "/api/v1/hosts/update", unchanged, agents.get(0)).wcu();
        Map<String, Object> ping = Map.of("hashes", Map.of("packagesHash", canonical.packages(baseline),
                "hostnameHash", canonical.hostname("bench.example.com"), "reposHash", canonical.repositories(List.of()),
                "interfacesHash", canonical.interfaces(List.of())), "metrics", Map.of("cpu", 3.5), "agentVersion", "2.1.0");
        // The first report stored no repos or interfaces; a report with them settles every hash.
        Map<String, Object> settled = new LinkedHashMap<>(unchanged);
        settled.put("repositories", List.of());
        settled.put("networkInterfaces", List.of());
        send("POST", "/api/v1/hosts/update", settled, agents.get(0));
        Response pingResponse = send("POST", "/api/v1/hosts/ping", ping, agents.get(0));
        double unchangedPing = pingResponse.wcu();
        double unchangedReport = send("POST", "/api/v1/hosts/update", unchanged, agents.get(0)).wcu();
        double tenChanged = send("POST", "/api/v1/hosts/update", report(packages(110)), agents.get(0)).wcu();

        for (int i = 1; i < HOSTS; i++) {
            send("POST", "/api/v1/hosts/update", unchanged, agents.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<long[]>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int worker = 0; worker < 2; worker++) {
            int offset = worker;
            futures.add(pool.submit(() -> {
                long[] nanos = new long[ROUNDS * HOSTS / 2];
                for (int i = 0; i < nanos.length; i++) {
                    long t = System.nanoTime();
                    send("POST", "/api/v1/hosts/update", unchanged, agents.get((i * 2 + offset) % HOSTS));
                    nanos[i] = System.nanoTime() - t;
                }
                return nanos;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            Arrays.stream(f.get()).forEach(all::add);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "(requestFull after settling: %s; %d unchanged full reports from %d hosts over 2 connections)%n",
                pingResponse.body().path("requestFull"), sorted.length, HOSTS);
        return String.format(Locale.ROOT, "ingest packages=%d first_report_wu=%.0f unchanged_ping_wu=%.0f unchanged_report_wu=%.0f ten_changed_report_wu=%.0f reports_per_s=%.1f p50_ms=%.0f p99_ms=%.0f",
                PACKAGES, firstReport, unchangedPing, unchangedReport, tenChanged, sorted.length / seconds,
                sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 99 / 100] / 1e6);
    }
}
