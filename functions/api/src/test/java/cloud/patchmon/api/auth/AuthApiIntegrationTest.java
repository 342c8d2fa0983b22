package cloud.patchmon.api.auth;

import cloud.patchmon.api.ApiTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=1000"})
@AutoConfigureMockMvc
class AuthApiIntegrationTest {

    private static final String PASSWORD = "Sup3r-Secret!";

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private MvcResult signup(String org, String username) throws Exception {
        String body = json.writeValueAsString(java.util.Map.of("tenant_name", org, "username", username,
                "email", username + "@example.test", "password", PASSWORD, "first_name", "Ada"));
        return mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn();
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    private MvcResult login(String username, String password) throws Exception {
        return mvc.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(java.util.Map.of("username", username, "password", password)))).andReturn();
    }

    @Test
    void signupAnswersWithTheSessionTheUserAndHttpOnlyCookies() throws Exception {
        String username = unique("ada");
        MvcResult result = signup("Acme " + username, username);

        JsonNode body = body(result);
        assertThat(body.path("message").asText()).isEqualTo("Account created successfully");
        assertThat(body.path("token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(body.path("user").path("username").asText()).isEqualTo(username);
        assertThat(body.path("user").path("role").asText()).isEqualTo("superadmin");
        assertThat(body.path("user").path("is_active").asBoolean()).isTrue();
        assertThat(body.path("user").path("first_name").asText()).isEqualTo("Ada");
        assertThat(body.path("user").has("password_hash")).isFalse();
        assertThat(body.path("tenant").path("slug").asText()).isEqualTo("acme-" + username);
        assertThat(body.path("permissions")).hasSize(20);

        List<String> cookies = result.getResponse().getHeaders("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("patchmon_access=").contains("Path=/api", "HttpOnly", "Secure", "SameSite=Strict"));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("patchmon_refresh=").contains("Path=/api/v1/auth", "HttpOnly", "Secure", "SameSite=Strict"));
    }

    @Test
    void theTokenWorksAsBearerAndAsCookie() throws Exception {
        String username = unique("bob");
        String token = body(signup("Org " + username, username)).path("token").asText();

        mvc.perform(get("/api/v1/auth/me").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.user.username").value(username))
                .andExpect(jsonPath("$.permissions", hasItem("can_manage_users")));
        mvc.perform(get("/api/v1/auth/me").cookie(new Cookie("patchmon_access", token)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tenant.slug", startsWith("org-")));
    }

    @Test
    void missingForgedOrMalformedTokensAre401() throws Exception {
        mvc.perform(get("/api/v1/auth/me")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("Access token required"));
        String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwidGlkIjoieCIsInNpZCI6IngiLCJpc3MiOiJwYXRjaG1vbi1jbG91ZCIsImV4cCI6OTk5OTk5OTk5OX0.c2lnbmF0dXJl";
        mvc.perform(get("/api/v1/auth/me").header("Authorization", "Bearer " + forged)).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("Invalid or expired token"));
        mvc.perform(get("/api/v1/auth/me").header("Authorization", "Bearer not.a.jwt")).andExpect(status().isUnauthorized());
    }

    @Test
    void loginLogoutAndTheRevokedTokenIsRefused() throws Exception {
        String username = unique("cy");
        signup("Org " + username, username);

        MvcResult loggedIn = login(username + "@example.test", PASSWORD);
        assertThat(loggedIn.getResponse().getStatus()).isEqualTo(200);
        String token = body(loggedIn).path("token").asText();
        assertThat(body(loggedIn).path("message").asText()).isEqualTo("Login successful");

        MvcResult out = mvc.perform(post("/api/v1/auth/logout").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andExpect(jsonPath("$.message").value("Logged out successfully")).andReturn();
        assertThat(out.getResponse().getHeaders("Set-Cookie")).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));
        mvc.perform(get("/api/v1/auth/me").header("Authorization", "Bearer " + token)).andExpect(status().isUnauthorized());
    }

    @Test
    void refreshUsesTheCookieAndRotatesIt() throws Exception {
        String username = unique("dee");
        MvcResult signedUp = signup("Org " + username, username);
        Cookie refresh = signedUp.getResponse().getCookie("patchmon_refresh");

        MvcResult refreshed = mvc.perform(post("/api/v1/auth/refresh").cookie(refresh)).andExpect(status().isOk()).andReturn();
        Cookie rotated = refreshed.getResponse().getCookie("patchmon_refresh");
        assertThat(rotated.getValue()).isNotEqualTo(refresh.getValue());
        mvc.perform(get("/api/v1/auth/me").header("Authorization", "Bearer " + body(refreshed).path("token").asText())).andExpect(status().isOk());

        mvc.perform(post("/api/v1/auth/refresh").cookie(refresh)).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/auth/refresh")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("Refresh token required"));
    }

    @Test
    void wrongPasswordsAre401AndTheFifthLocksTheAccount() throws Exception {
        String username = unique("eve");
        signup("Org " + username, username);
        for (int i = 0; i < 5; i++) {
            MvcResult wrong = login(username, "Wrong-Pass1!");
            assertThat(wrong.getResponse().getStatus()).isEqualTo(401);
            assertThat(body(wrong).path("error").asText()).isEqualTo("Invalid credentials");
        }

        mvc.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(java.util.Map.of("username", username, "password", PASSWORD))))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "900"));
    }

    @Test
    void badSignupsGetTheErrorsShapeAndCreateNothing() throws Exception {
        String username = unique("fay");
        mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(java.util.Map.of("tenant_name", "Org " + username, "username", username,
                                "email", "nope", "password", "password"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.param == 'email')].msg").value("Valid email is required"))
                .andExpect(jsonPath("$.errors[?(@.param == 'password')].location", hasItem("body")));
        assertThat(login(username, "password").getResponse().getStatus()).isEqualTo(401);

        mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON).content("{\"tenant_name\": "))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid JSON in request body"));
        mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON).content("{\"username\": {\"a\":1}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid JSON in request body"));
        mvc.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(2));
    }
}
