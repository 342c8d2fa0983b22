package cloud.patchmon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.util.Map;
import java.util.UUID;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** Signs up organisations and signs in users through the HTTP API, for controller tests. */
public final class ApiSession {

    public static final String PASSWORD = "Sup3r-Secret!";
    private final MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();

    public ApiSession(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** A signed-in user: bearer token, ids and the organisation slug. */
    public record Account(String token, String userId, String username, String tenantSlug) {
        public String bearer() {
            return "Bearer " + token;
        }
    }

    public Account signup() throws Exception {
        String username = "owner" + UUID.randomUUID().toString().substring(0, 8);
        MvcResult result = mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("tenant_name", "Org " + username, "username", username,
                        "email", username + "@example.test", "password", PASSWORD)))).andReturn();
        return account(result);
    }

    /** Creates a user of {@code role} as {@code admin} and signs them in. */
    public Account userWithRole(Account admin, String role) throws Exception {
        String username = role.replace('_', '-') + UUID.randomUUID().toString().substring(0, 8);
        MvcResult created = mvc.perform(post("/api/v1/users").header("Authorization", admin.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("username", username, "email", username + "@example.test",
                        "password", PASSWORD, "role", role)))).andReturn();
        if (created.getResponse().getStatus() != 201) {
            throw new IllegalStateException("could not create a " + role + ": " + created.getResponse().getContentAsString());
        }
        return login(username, PASSWORD, admin.tenantSlug());
    }

    public Account login(String username, String password, String tenant) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("username", username, "password", password, "tenant", tenant)))).andReturn();
        return account(result);
    }

    private Account account(MvcResult result) throws Exception {
        JsonNode body = json.readTree(result.getResponse().getContentAsString());
        if (!body.hasNonNull("token")) {
            throw new IllegalStateException("no session: " + body);
        }
        return new Account(body.get("token").asText(), body.path("user").path("id").asText(),
                body.path("user").path("username").asText(), body.path("tenant").path("slug").asText());
    }
}
