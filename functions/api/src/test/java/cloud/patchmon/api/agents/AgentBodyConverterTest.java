package cloud.patchmon.api.agents;

import cloud.patchmon.api.http.InvalidBodyFieldException;
import cloud.patchmon.api.http.PayloadTooLargeException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.http.MockHttpInputMessage;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentBodyConverterTest {

    private final AgentBodyConverter converter = new AgentBodyConverter(new ObjectMapper());

    private static MockHttpInputMessage body(String json, boolean declaredLength) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        MockHttpInputMessage message = new MockHttpInputMessage(bytes);
        message.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (declaredLength) {
            message.getHeaders().setContentLength(bytes.length);
        }
        return message;
    }

    @Test
    void itReadsTheTwoAgentBodiesOnlyAndWritesNothing() {
        assertThat(converter.canRead(AgentController.PingBody.class, null, MediaType.APPLICATION_JSON)).isTrue();
        assertThat(converter.canRead(AgentController.UpdateBody.class, null, MediaType.APPLICATION_JSON)).isTrue();
        assertThat(converter.canRead(AgentController.UpdateBody.class, null, MediaType.TEXT_PLAIN)).isFalse();
        assertThat(converter.canRead(Map.class, null, MediaType.APPLICATION_JSON)).isFalse();
        assertThat(converter.canRead(Map.class, MediaType.APPLICATION_JSON)).isFalse();
        assertThat(converter.canWrite(AgentController.PingResponse.class, AgentController.PingResponse.class, MediaType.APPLICATION_JSON)).isFalse();
    }

    @Test
    void aBodyWithoutContentLengthIsCutOffAtTheProtocolsLimit() throws Exception {
        String small = "{\"metrics\":{\"pad\":\"" + "x".repeat(8 * 1024 - 30) + "\"}}";
        assertThat(small.length()).isLessThanOrEqualTo(8 * 1024);
        assertThat(converter.read(AgentController.PingBody.class, null, body(small, false))).isInstanceOf(AgentController.PingBody.class);

        String chunked = "{\"metrics\":{\"pad\":\"" + "x".repeat(8 * 1024) + "\"}}";
        assertThatThrownBy(() -> converter.read(AgentController.PingBody.class, null, body(chunked, false))).isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> converter.read(AgentController.PingBody.class, null, body(chunked, true))).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void aWrongTypeNamesItsFieldWithAFixedMessage() {
        assertThatThrownBy(() -> converter.read(AgentController.UpdateBody.class, null,
                body("{\"packages\":[{\"name\":\"a\",\"currentVersion\":\"1\",\"needsUpdate\":true},{\"name\":\"b\",\"currentVersion\":\"1\",\"needsUpdate\":\"yes\"}]}", true)))
                .isInstanceOfSatisfying(InvalidBodyFieldException.class, e -> {
                    assertThat(e.param()).isEqualTo("packages[1].needsUpdate");
                    assertThat(e.msg()).isEqualTo("packages[1].needsUpdate must be a boolean");
                });
        assertThatThrownBy(() -> converter.read(AgentController.UpdateBody.class, null, body("{\"cpuCores\":\"8\"}", true)))
                .isInstanceOfSatisfying(InvalidBodyFieldException.class, e -> assertThat(e.msg()).isEqualTo("cpuCores must be an integer"));
        assertThatThrownBy(() -> converter.read(AgentController.UpdateBody.class, null, body("{\"hostname\":[\"a\"]}", true)))
                .isInstanceOfSatisfying(InvalidBodyFieldException.class, e -> assertThat(e.msg()).isEqualTo("hostname must be a string"));
        assertThatThrownBy(() -> converter.read(AgentController.UpdateBody.class, null, body("{\"packages\":{}}", true)))
                .isInstanceOfSatisfying(InvalidBodyFieldException.class, e -> assertThat(e.msg()).isEqualTo("packages must be an array"));
        assertThatThrownBy(() -> converter.read(AgentController.UpdateBody.class, null, body("{\"packages\":[{\"name\":\"a\",\"currentVersion\":\"1\"}]}", true)))
                .isInstanceOfSatisfying(InvalidBodyFieldException.class, e -> assertThat(e.msg()).isEqualTo("packages[0].needsUpdate is required"));
    }
}
