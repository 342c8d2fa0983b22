package cloud.patchmon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Feeds captured API Gateway REST proxy events through the real Lambda entry point. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamLambdaHandlerTest {

    private final ObjectMapper json = new ObjectMapper();
    private StreamLambdaHandler handler;

    @BeforeAll
    void start() {
        handler = new StreamLambdaHandler();
    }

    private JsonNode invoke(String fixture) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = getClass().getResourceAsStream("/events/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            handler.handleRequest(in, out, new PrimingContext());
        }
        return json.readTree(out.toByteArray());
    }

    @Test
    void answersTheHealthCheck() throws IOException {
        JsonNode response = invoke("health-get.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        JsonNode body = json.readTree(response.get("body").asText());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(response.get("multiValueHeaders").get("Content-Type").get(0).asText()).startsWith("application/json");
        assertThat(response.get("multiValueHeaders").get("X-Request-Id").get(0).asText())
                .as("the Lambda request id traces the call").isEqualTo(new PrimingContext().getAwsRequestId());
    }

    @Test
    void unknownRoutesGetTheSpecErrorShapeAndKeepTheCallersRequestId() throws IOException {
        JsonNode response = invoke("unknown-route-trailing-slash.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(json.readTree(response.get("body").asText()).get("error").asText()).isEqualTo("Route not found");
        assertThat(response.get("multiValueHeaders").get("X-Request-Id").get(0).asText()).isEqualTo("trace-me-42");
    }

    @Test
    void aWrongMethodOnAKnownPathWithTrailingSlashIs405() throws IOException {
        JsonNode response = invoke("health-trailing-slash-post.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(405);
        assertThat(json.readTree(response.get("body").asText()).get("error").asText()).isEqualTo("Method not allowed");
    }
}
