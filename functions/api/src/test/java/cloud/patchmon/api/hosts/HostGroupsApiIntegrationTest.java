package cloud.patchmon.api.hosts;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.util.Map;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class HostGroupsApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession.Account owner;
    private ApiSession.Account rival;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        ApiSession session = new ApiSession(mvc);
        owner = session.signup();
        rival = session.signup();
    }

    private String create(ApiSession.Account account, Map<String, Object> body) throws Exception {
        String response = mvc.perform(post("/api/v1/host-groups").header("Authorization", account.bearer())
                        .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return json.readTree(response).path("id").asText();
    }

    @Test
    void groupsAreCreatedListedEditedAndDeleted() throws Exception {
        String id = create(owner, Map.of("name", "Production", "description", "Customer-facing", "color", "#EF4444"));

        mvc.perform(get("/api/v1/host-groups").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("Production"))
                .andExpect(jsonPath("$[0].color").value("#EF4444"))
                .andExpect(jsonPath("$[0].host_count").value(0));
        mvc.perform(put("/api/v1/host-groups/" + id).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("name", "Prod", "color", "#22c55e"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.name").value("Prod")).andExpect(jsonPath("$.color").value("#22C55E"))
                .andExpect(jsonPath("$.description").value("Customer-facing"));
        mvc.perform(delete("/api/v1/host-groups/" + id).header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.message").value("Host group deleted successfully"));
        mvc.perform(get("/api/v1/host-groups/" + id).header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Host group not found"));
    }

    @Test
    void badInputAndDuplicatesAreRefused() throws Exception {
        create(owner, Map.of("name", "Production"));

        mvc.perform(post("/api/v1/host-groups").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("name", "production"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Host group name already exists"));
        mvc.perform(post("/api/v1/host-groups").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("name", "", "color", "red"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(2));
        mvc.perform(post("/api/v1/host-groups").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": [1]}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void anotherOrganisationsGroupsAreInvisibleAndUntouchable() throws Exception {
        String id = create(owner, Map.of("name", "Production"));
        create(rival, Map.of("name", "Production"));

        mvc.perform(get("/api/v1/host-groups/" + id).header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/host-groups/" + id).header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"Stolen\"}")).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/host-groups/" + id).header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/host-groups").header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$[*].id", not(hasItem(id)))).andExpect(jsonPath("$.length()").value(1));
        mvc.perform(get("/api/v1/host-groups/" + id).header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.name").value("Production"));
    }
}
