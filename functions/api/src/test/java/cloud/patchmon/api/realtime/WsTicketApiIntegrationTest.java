package cloud.patchmon.api.realtime;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.realtime.WsTickets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class WsTicketApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WsTickets tickets;
    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @Test
    void aSignedInUserGetsAThirtySecondTicketThatWorksOnceForThemOnly() throws Exception {
        ApiSession.Account ada = new ApiSession(mvc).signup();
        MockHttpServletResponse response = mvc.perform(post("/api/v1/auth/ws-ticket").header("Authorization", ada.bearer())).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json.readTree(response.getContentAsString());
        String ticket = body.path("ticket").asText();
        assertThat(ticket).matches("[A-Za-z0-9_-]{43}");
        assertThat(Duration.between(Instant.now(), Instant.parse(body.path("expires_at").asText())))
                .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));

        assertThat(tickets.consume(ticket)).hasValueSatisfying(h -> assertThat(h.userId()).isEqualTo(ada.userId()));
        assertThat(tickets.consume(ticket)).isEmpty();
    }

    @Test
    void withoutASessionThereIsNoTicket() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/auth/ws-ticket")).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).doesNotContain("\"ticket\"");
    }
}
