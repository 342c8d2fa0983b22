package cloud.patchmon.core.realtime;

import cloud.patchmon.core.aws.AwsService;
import cloud.patchmon.core.aws.SignedJsonClient;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.retry.Sleeper;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The adapter against a fake Lambda endpoint: an asynchronous, SigV4-signed Invoke of the alias; never throwing. */
class LambdaConnectFollowUpTest {

    private static final TenantContext ACME = TenantContext.system(new TenantId("acme"), "test");
    private static final ConnectFollowUp.Connection CONNECTION = new ConnectFollowUp.Connection("CLQ6tePhjoECJhw=", "abc123def4", "prod");

    private final ObjectMapper json = Json.newMapper();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(202);
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private HttpServer server;
    private LambdaConnectFollowUp followUp;

    private record Seen(String method, String pathAndQuery, String invocationType, String authorization, JsonNode body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"), exchange.getRequestHeaders().getFirst("Authorization"),
                    json.readTree(exchange.getRequestBody().readAllBytes())));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        followUp = new LambdaConnectFollowUp(new SignedJsonClient(http, AwsService.LAMBDA,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), SignedJsonClient.Retries.NONE,
                Sleeper.THREAD, Clock.systemUTC()), "patchmon-WsRoutesFunction-X1", "live", json);
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    @Test
    void aFollowUpIsAnEventInvokeOfTheAliasSignedForLambdaWithTheConnectionInItsPayload() {
        followUp.afterConnect(ACME, "host-1", CONNECTION);

        assertThat(seen).hasSize(1);
        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/2015-03-31/functions/patchmon-WsRoutesFunction-X1/invocations?Qualifier=live");
        assertThat(request.invocationType()).isEqualTo("Event");
        assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/eu-west-1/lambda/aws4_request");
        assertThat(request.body()).isEqualTo(json.createObjectNode()
                .put(LambdaConnectFollowUp.MARKER, LambdaConnectFollowUp.DELIVER_PENDING)
                .put("tenant_id", "acme").put("host_id", "host-1").put("connection_id", "CLQ6tePhjoECJhw=")
                .put("api_id", "abc123def4").put("stage", "prod"));
    }

    @Test
    void aRefusedInvokeOrAnUnreachableEndpointIsLoggedNotThrown() {
        status.set(403);
        assertThatCode(() -> followUp.afterConnect(ACME, "host-1", CONNECTION)).doesNotThrowAnyException();
        assertThat(seen).hasSize(1);

        server.stop(0);
        assertThatCode(() -> followUp.afterConnect(ACME, "host-1", CONNECTION)).doesNotThrowAnyException();
    }
}
