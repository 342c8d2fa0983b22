package cloud.patchmon.local.bench;

import cloud.patchmon.local.LocalSettings;
import cloud.patchmon.local.LocalStack;
import cloud.patchmon.protocol.PackageEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./patchmon bench api}: {@code GET /api/v1/api/hosts?include=stats} and {@code GET /api/v1/gethomepage/stats}
 * against the real local stack over HTTP, at three fleets: 100 hosts with few packages, the same 100 hosts with many
 * packages, and 1,000 hosts. Read units per request come from DynamoDB's ReturnConsumedCapacity as the API totals them
 * ({@code X-Consumed-Capacity}, enabled for this run only); throughput and p99 over two connections.
 *
 * <p>Arguments (optional): {@code small-fleet large-fleet few-packages many-packages requests}, default
 * {@code 100 1000 20 200 200}.
 */
public final class IntegrationApiBench {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    private IntegrationApiBench(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        int[] p = {100, 1000, 20, 200, 200};
        for (int i = 0; i < Math.min(args.length, p.length); i++) {
            p[i] = Integer.parseInt(args[i]);
        }
        System.setProperty("DDB_LOCAL_TELEMETRY", "0");
        Path data = Files.createTempDirectory("patchmon-bench-");
        String summary;
        try (ConfigurableApplicationContext stack = LocalStack.start(new LocalSettings(0, data),
                // bcrypt cost 4: creating and first-authenticating 1,000 agents is set-up, not what is measured.
                // A 2-hour access token: the set-up of a large fleet outlasts the default 15 minutes on a busy machine.
                "--patchmon.http.capacity-header=true", "--patchmon.auth.rate-limit=1000000", "--patchmon.auth.bcrypt-cost=4",
                "--patchmon.auth.access-token-ttl=2h",
                "--logging.level.patchmon.access=WARN")) {
            int port = ((WebServerApplicationContext) stack).getWebServer().getPort();
            summary = new IntegrationApiBench("http://localhost:" + port).run(p[0], p[1], p[2], p[3], p[4]);
        }
        System.out.println(summary);
        System.out.flush();
        System.exit(0);
    }

    private record Response(JsonNode body, double rcu) {
    }

    private Response send(String method, String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        double rcu = response.headers().firstValue("X-Consumed-Capacity")
                .map(v -> Double.parseDouble(v.substring(v.indexOf("rcu=") + 4, v.indexOf(';')))).orElse(Double.NaN);
        return new Response(json.readTree(response.body()), rcu);
    }

    private static List<PackageEntry> packages(int count) {
        List<PackageEntry> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean old = i % 10 == 0;
            list.add(PackageEntry.of("package-" + i, "Package number " + i, "utils", "1.0." + i, old ? "1.1." + i : null, old, old && i % 30 == 0,
                    "bookworm/main"));
        }
        return list;
    }

    private Map<String, Object> report(int packages, int host) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("packages", packages(packages));
        body.put("hostname", "bench-" + host + ".example.com");
        body.put("ip", "10.0." + (host / 250) + "." + (host % 250));
        body.put("osType", host % 3 == 0 ? "Debian" : "Ubuntu");
        body.put("osVersion", host % 3 == 0 ? "12" : "24.04");
        body.put("agentVersion", "2.1.0");
        return body;
    }

    /** Reports for hosts {@code from..to-1} with {@code packages} packages each, over two connections. */
    private void reportAll(List<Map<String, String>> agents, int from, int to, int packages) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int worker = 0; worker < 2; worker++) {
            int offset = worker;
            done.add(pool.submit(() -> {
                for (int i = from + offset; i < to; i += 2) {
                    send("POST", "/api/v1/hosts/update", report(packages, i), agents.get(i));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private record Measured(double rcu, double perSecond, double p99Ms, int hosts) {
        String line(String name) {
            return String.format(Locale.ROOT, "%s_rcu=%.1f %s_req_per_s=%.0f %s_p99_ms=%.0f", name, rcu, name, perSecond, name, p99Ms);
        }
    }

    private Measured measure(String path, Map<String, String> auth, int requests) throws Exception {
        Response first = send("GET", path, null, auth);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<long[]>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int worker = 0; worker < 2; worker++) {
            futures.add(pool.submit(() -> {
                long[] nanos = new long[requests / 2];
                for (int i = 0; i < nanos.length; i++) {
                    long t = System.nanoTime();
                    send("GET", path, null, auth);
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
        int hosts = first.body().has("hosts") ? first.body().path("total").asInt() : first.body().path("total_hosts").asInt();
        return new Measured(first.rcu(), sorted.length / seconds, sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)] / 1e6, hosts);
    }

    /** Registers hosts until there are {@code total}. */
    private void addHosts(List<Map<String, String>> agents, int total, Map<String, String> user) throws Exception {
        for (int i = agents.size(); i < total; i++) {
            JsonNode host = send("POST", "/api/v1/hosts", Map.of("friendly_name", "bench-" + i), user).body();
            agents.add(Map.of("X-API-ID", host.path("api_id").asText(), "X-API-KEY", host.path("api_key").asText()));
        }
    }

    private static Map<String, String> basic(JsonNode token) {
        String pair = token.path("token_key").asText() + ":" + token.path("token_secret").asText();
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return the summary line */
    private String run(int small, int large, int few, int many, int requests) throws Exception {
        String owner = "bench" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode signup = send("POST", "/api/v1/auth/signup", Map.of("tenant_name", "Bench " + owner, "username", owner,
                "email", owner + "@example.test", "password", "Sup3r-Secret!"), Map.of()).body();
        Map<String, String> user = Map.of("Authorization", "Bearer " + signup.path("token").asText());
        Map<String, String> api = basic(send("POST", "/api/v1/auto-enrollment/tokens", Map.of("token_name", "bench api",
                "metadata", Map.of("integration_type", "api"), "scopes", Map.of("host", List.of("get"))), user).body().path("token"));
        Map<String, String> homepage = basic(send("POST", "/api/v1/auto-enrollment/tokens", Map.of("token_name", "bench homepage",
                "metadata", Map.of("integration_type", "gethomepage")), user).body().path("token"));
        List<Map<String, String>> agents = new ArrayList<>();
        long setup = System.nanoTime();
        addHosts(agents, small, user);
        String hosts = "/api/v1/api/hosts?include=stats";
        String stats = "/api/v1/gethomepage/stats";
        List<String> stages = new ArrayList<>();

        reportAll(agents, 0, small, few);
        Measured listSmallFew = measure(hosts, api, requests);
        Measured statsSmallFew = measure(stats, homepage, requests);
        stages.add(String.format(Locale.ROOT, "hosts=%d packages_per_host=%d: %s %s", listSmallFew.hosts(), few,
                listSmallFew.line("list"), statsSmallFew.line("gethomepage")));
        System.out.println(stages.get(stages.size() - 1));

        reportAll(agents, 0, small, many);
        Measured listSmallMany = measure(hosts, api, requests);
        Measured statsSmallMany = measure(stats, homepage, requests);
        stages.add(String.format(Locale.ROOT, "hosts=%d packages_per_host=%d: %s %s", listSmallMany.hosts(), many,
                listSmallMany.line("list"), statsSmallMany.line("gethomepage")));
        System.out.println(stages.get(stages.size() - 1));

        addHosts(agents, large, user);
        reportAll(agents, small, large, few);
        Measured listLarge = measure(hosts, api, requests);
        Measured statsLarge = measure(stats, homepage, requests);
        stages.add(String.format(Locale.ROOT, "hosts=%d packages_per_host=%d (first %d: %d): %s %s", listLarge.hosts(), few, small, many,
                listLarge.line("list"), statsLarge.line("gethomepage")));
        System.out.println(stages.get(stages.size() - 1));
        System.out.printf(Locale.ROOT, "(setup %.0f s; %d requests per measurement over 2 connections)%n", (System.nanoTime() - setup) / 1e9, requests);
        return String.format(Locale.ROOT, "api hosts=%d list_rcu=%.1f list_req_per_s=%.0f list_p99_ms=%.0f gethomepage_rcu=%.1f "
                        + "gethomepage_req_per_s=%.0f gethomepage_p99_ms=%.0f rcu_per_host_list=%.3f rcu_%dpkg_vs_%dpkg_list=%.1f/%.1f",
                listLarge.hosts(), listLarge.rcu(), listLarge.perSecond(), listLarge.p99Ms(), statsLarge.rcu(), statsLarge.perSecond(),
                statsLarge.p99Ms(), listLarge.rcu() / listLarge.hosts(), few, many, listSmallFew.rcu(), listSmallMany.rcu());
    }
}
