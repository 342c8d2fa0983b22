package cloud.patchmon.core.blobs;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The S3 adapter against a minimal S3 stand-in speaking the REST API's HEAD and PUT over HTTP. */
class S3BlobStoreTest {

    private HttpServer s3;
    private final Map<String, byte[]> objects = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private S3BlobStore store;

    @BeforeEach
    void start() throws IOException {
        s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s3.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            if (exchange.getRequestMethod().equals("PUT")) {
                objects.put(path, exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(200, -1);
            } else if (exchange.getRequestMethod().equals("HEAD") && objects.containsKey(path)) {
                exchange.getResponseHeaders().add("Content-Length", Integer.toString(objects.get(path).length));
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        s3.start();
        URI endpoint = URI.create("http://127.0.0.1:" + s3.getAddress().getPort());
        store = S3BlobStore.create("patchmon-artifacts", "eu-west-1", Optional.of(endpoint), Map.of());
    }

    @AfterEach
    void stop() {
        s3.stop(0);
    }

    @Test
    void uploadsByPathAndHandsOutAPresignedUrlOnlyForObjectsThatExist() {
        assertThat(store.download("agent/patchmon-agent-linux-amd64", Duration.ofMinutes(5))).isEmpty();

        store.put("agent/patchmon-agent-linux-amd64", "binary".getBytes(StandardCharsets.UTF_8));
        assertThat(objects).containsKey("/patchmon-artifacts/agent/patchmon-agent-linux-amd64");

        BlobStore.Download download = store.download("agent/patchmon-agent-linux-amd64", Duration.ofMinutes(5)).orElseThrow();
        assertThat(download).isInstanceOf(BlobStore.Redirect.class);
        String url = ((BlobStore.Redirect) download).url().toString();
        assertThat(url).startsWith("http://127.0.0.1:" + s3.getAddress().getPort() + "/patchmon-artifacts/agent/patchmon-agent-linux-amd64?")
                .contains("X-Amz-Expires=300").contains("X-Amz-Signature=").contains("eu-west-1");
        assertThat(requests).contains("HEAD /patchmon-artifacts/agent/patchmon-agent-linux-amd64");
    }
}
