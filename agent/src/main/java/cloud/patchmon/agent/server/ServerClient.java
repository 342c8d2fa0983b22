package cloud.patchmon.agent.server;

import cloud.patchmon.agent.config.AgentConfig;
import cloud.patchmon.agent.config.Credentials;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonInclude;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * The agent's REST calls to PatchMon (AGENT-PROTOCOL.md): every request carries {@code X-API-ID} and
 * {@code X-API-KEY}; failures with no answer, 5xx and 429 are retried with back-off, other errors are
 * returned at once with the server's {@code error} text.
 */
public final class ServerClient {

    static final int ATTEMPTS = 4;

    private static final System.Logger LOG = System.getLogger(ServerClient.class.getName());

    private final int attempts;
    private final URI apiBase;
    private final Credentials credentials;
    private final HttpClient http;
    private final Backoff backoff;
    private final String userAgent;
    private final ObjectMapper json = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ServerClient(URI apiBase, Credentials credentials, HttpClient http, Backoff backoff, String agentVersion) {
        this(apiBase, credentials, http, backoff, agentVersion, ATTEMPTS);
    }

    private ServerClient(URI apiBase, Credentials credentials, HttpClient http, Backoff backoff, String agentVersion, int attempts) {
        this.attempts = attempts;
        this.apiBase = apiBase;
        this.credentials = credentials;
        this.http = http;
        this.backoff = backoff;
        this.userAgent = "patchmon-agent/" + agentVersion;
    }

    /** The same client without retries: for an operator waiting at the terminal. */
    public ServerClient once() {
        return new ServerClient(apiBase, credentials, http, backoff, userAgent.substring("patchmon-agent/".length()), 1);
    }

    /** The client a configured agent uses: TLS verification as {@code skip_ssl_verify} says, retries over about a minute. */
    public static ServerClient forConfig(AgentConfig config, Credentials credentials, String agentVersion) {
        return new ServerClient(config.apiBase(), credentials, httpClient(config.skipSslVerify()),
                Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(30)), agentVersion);
    }

    /** An HTTP client; with {@code skipSslVerify} it trusts any certificate and host name (lab servers with self-signed certificates). */
    public static HttpClient httpClient(boolean skipSslVerify) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (skipSslVerify) {
            // The JDK client checks host names unless this is set before its first connection.
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
            builder.sslContext(trustingContext());
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm(null);
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    public URI apiBase() {
        return apiBase;
    }

    public ObjectMapper json() {
        return json;
    }

    /** {@code GET path} (relative to the API base), answering the JSON body. */
    public JsonNode get(String path) throws ServerException, InterruptedException {
        return send(request(path).GET().build(), path);
    }

    /** {@code POST path} with {@code body} as JSON ({@code null} sends an empty body), answering the JSON body. */
    public JsonNode post(String path, Object body) throws ServerException, InterruptedException {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ServerException(0, "cannot encode the request: " + e.getMessage(), e);
        }
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder.build(), path);
    }

    /**
     * Downloads {@code location} (a path under the server, or an absolute URL), following one redirect (the
     * server's short-lived link to its blob store). One attempt, no retries. The API credentials go only to
     * the PatchMon server itself, never to a redirect's or an absolute URL's other host.
     *
     * @throws ServerException on an error status, or when the body is larger than {@code maxBytes}
     */
    public byte[] download(String location, long maxBytes) throws ServerException, InterruptedException {
        URI uri = apiBase.resolve(location);
        try {
            HttpResponse<java.io.InputStream> response = http.send(downloadRequest(uri), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
                response.body().close();
                uri = uri.resolve(response.headers().firstValue("Location").get());
                response = http.send(downloadRequest(uri), HttpResponse.BodyHandlers.ofInputStream());
            }
            try (java.io.InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ServerException(response.statusCode(), "download of " + location + " answered HTTP " + response.statusCode(), null);
                }
                byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (content.length > maxBytes) {
                    throw new ServerException(0, "download of " + location + " is larger than " + maxBytes + " bytes", null);
                }
                return content;
            }
        } catch (IOException e) {
            throw new ServerException(0, "download of " + location + ": " + e.getMessage(), e);
        }
    }

    private HttpRequest downloadRequest(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).header("User-Agent", userAgent).GET();
        boolean ours = uri.getScheme().equals(apiBase.getScheme()) && uri.getAuthority().equals(apiBase.getAuthority());
        if (ours) {
            builder.header("X-API-ID", credentials.apiId()).header("X-API-KEY", credentials.apiKey());
        }
        return builder.build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(apiBase + path))
                .timeout(Duration.ofSeconds(60))
                .header("X-API-ID", credentials.apiId())
                .header("X-API-KEY", credentials.apiKey())
                .header("User-Agent", userAgent)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request, String path) throws ServerException, InterruptedException {
        ServerException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0} {1} failed ({2}); retry {3} of {4}", request.method(), path, last.getMessage(),
                        attempt, attempts - 1);
                backoff.pause(attempt, last.retryAfter());
            }
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                JsonNode body = parse(response.body());
                if (response.statusCode() / 100 == 2 && body.isObject()) {
                    return body;
                }
                last = response.statusCode() / 100 == 2
                        // A proxy's HTML page or a truncated body: not PatchMon's answer, so not a success.
                        ? new ServerException(0, path + " answered HTTP " + response.statusCode() + " with a body that is not JSON", null)
                        : new ServerException(response.statusCode(), describe(path, response.statusCode(), body), null,
                                retryAfter(response).orElse(null));
            } catch (IOException e) {
                last = new ServerException(0, path + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
            if (!last.retryable()) {
                throw last;
            }
        }
        throw last;
    }

    /** {@code Retry-After} in seconds (the form PatchMon's rate limiter sends); an HTTP date is ignored. */
    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.trim());
                return seconds >= 0 ? java.util.Optional.of(Duration.ofSeconds(seconds)) : java.util.Optional.empty();
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
    }

    private static String describe(String path, int status, JsonNode body) {
        String text = body.isTextual() ? body.asText() : body.path("error").asText(body.path("message").asText(""));
        if (body.path("errors").isArray() && !body.path("errors").isEmpty()) {
            text = body.path("errors").get(0).path("msg").asText(text);
        }
        return path + " answered HTTP " + status + (text.isBlank() ? "" : ": " + text);
    }

    private static SSLContext trustingContext() {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // Only used when the operator chose skip_ssl_verify.
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // Only used when the operator chose skip_ssl_verify.
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, new java.security.SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this Java runtime", e);
        }
    }
}
