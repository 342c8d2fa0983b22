package cloud.patchmon.core.realtime;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostToConnection as the Management API sees it: path, SigV4 for execute-api, 410 for a closed connection. */
class ApiGatewayConnectionGatewayTest {

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> seen = new AtomicReference<>();
    private ApiGatewayConnectionGateway gateway;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        gateway = ApiGatewayConnectionGateway.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prod/"),
                "eu-west-1", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheMessageSignedForExecuteApi() {
        gateway.post("L0SM9cOFvHcCIhw=", "{\"type\":\"report_now\"}");
        assertThat(seen.get()).startsWith("POST /prod/@connections/L0SM9cOFvHcCIhw%3D AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/execute-api/aws4_request")
                .endsWith(" {\"type\":\"report_now\"}");
    }

    @Test
    void a410IsAGoneConnectionAndOtherFailuresAreNot() {
        status.set(410);
        assertThatThrownBy(() -> gateway.post("c1", "{}")).isInstanceOf(ConnectionGoneException.class);
        status.set(500);
        assertThatThrownBy(() -> gateway.post("c1", "{}")).isInstanceOf(IllegalStateException.class).hasMessageContaining("500");
    }

    @Test
    void disconnectDeletesTheConnectionAndAGoneOneIsNoError() {
        status.set(204);
        gateway.disconnect("L0SM9cOFvHcCIhw=");
        assertThat(seen.get()).startsWith("DELETE /prod/@connections/L0SM9cOFvHcCIhw%3D AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/execute-api/aws4_request");
        status.set(410);
        gateway.disconnect("c1");
        status.set(403);
        assertThatThrownBy(() -> gateway.disconnect("c1")).isInstanceOf(IllegalStateException.class).hasMessageContaining("403");
    }
}
