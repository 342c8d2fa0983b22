package cloud.patchmon.e2e.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * An organisation on the running stack driven the way an admin and a Proxmox host would: signs
 * up, creates groups and auto-enrollment tokens over the API, downloads the enrollment script
 * and runs it with Debian's bash, with test doubles for pct and the agent installer first on PATH.
 */
final class EnrollmentScripts {

    static final String BASH = "/usr/bin/bash";

    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String bearer;

    EnrollmentScripts(URI baseUrl) {
        this.baseUrl = baseUrl;
        String username = "owner" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode signedUp = call("POST", "/api/v1/auth/signup", null, Map.of("tenant_name", "Enrol " + username, "username", username,
                "email", username + "@example.test", "password", "Sup3r-Secret!"), 201);
        this.bearer = "Bearer " + signedUp.path("token").asText();
    }

    /** The outcome of one script run: its exit code and everything it printed (stdout and stderr). */
    record Run(int exitCode, String output) {
    }

    JsonNode call(String method, String path, Object body, int expectedStatus) {
        return call(method, path, bearer, body, expectedStatus);
    }

    private JsonNode call(String method, String path, String authorization, Object body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode hosts() {
        return call("GET", "/api/v1/hosts", null, 200);
    }

    /** Creates a token of {@code integrationType} and returns the creation answer's {@code token}. */
    JsonNode token(String integrationType, String defaultGroupId) {
        Map<String, Object> body = new HashMap<>(Map.of("token_name", "Proxmox Production", "max_hosts_per_day", 10,
                "metadata", Map.of("integration_type", integrationType)));
        if (defaultGroupId != null) {
            body.put("default_host_group_id", defaultGroupId);
        }
        return call("POST", "/api/v1/auto-enrollment/tokens", body, 201).path("token");
    }

    /** Downloads the script as the spec's one-liner does: credentials in the query, no session. */
    String script(String type, JsonNode token) {
        String query = "type=" + type + "&token_key=" + encode(token.path("token_key").asText())
                + "&token_secret=" + encode(token.path("token_secret").asText());
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUrl.resolve("/api/v1/auto-enrollment/script?" + query))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("script download answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the pct and curl test doubles into {@code dir}, executable. */
    static Path fakeTools(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("pct", "curl")) {
            try (InputStream in = EnrollmentScripts.class.getResourceAsStream("/enrollment/" + tool)) {
                Path target = bin.resolve(tool);
                Files.write(target, in.readAllBytes());
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return bin;
    }

    static Run run(Path script, Path bin, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(BASH, script.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PATCHMON_") || name.startsWith("AUTO_ENROLLMENT_")
                || List.of("DRY_RUN", "HOST_PREFIX", "SKIP_STOPPED", "FORCE_INSTALL", "DEBUG", "CURL_FLAGS").contains(name));
        builder.environment().put("PATH", bin + ":/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the script did not finish in 120 s");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
