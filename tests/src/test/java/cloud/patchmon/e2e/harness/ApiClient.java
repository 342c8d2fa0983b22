package cloud.patchmon.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the stack's API, as an integrator's script would use it. */
public final class ApiClient {

    private final URI baseUrl;
    private final String bearer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public ApiClient(URI baseUrl) {
        this(baseUrl, null);
    }

    private ApiClient(URI baseUrl, String bearer) {
        this.baseUrl = baseUrl;
        this.bearer = bearer;
    }

    /** The same API as a signed-in user: every request carries {@code Authorization: Bearer <token>}. */
    public ApiClient withBearer(String token) {
        return new ApiClient(baseUrl, token);
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response post(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Response send(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** @param body serialized as the JSON request body */
    public Response send(String method, String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        return bearer == null ? request : request.header("Authorization", "Bearer " + bearer);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body(), parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return body.isEmpty() ? MissingNode.getInstance() : json.readTree(body);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    /** @param json the parsed body, or a missing node when the body is not JSON */
    public record Response(int status, HttpHeaders headers, String body, JsonNode json) {
    }
}
