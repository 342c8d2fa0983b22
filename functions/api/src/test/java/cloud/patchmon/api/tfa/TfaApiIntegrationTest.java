package cloud.patchmon.api.tfa;

import cloud.patchmon.api.ApiSession;
import cloud.patchmon.api.ApiTestSupport;
import cloud.patchmon.core.tfa.Totp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Instant;
import java.util.Map;

import static cloud.patchmon.api.ApiSession.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration",
        "patchmon.auth.rate-limit=10000"})
@AutoConfigureMockMvc
class TfaApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private final Totp totp = new Totp();
    private ApiSession session;
    private ApiSession.Account owner;
    private String secret;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void enrol() throws Exception {
        session = new ApiSession(mvc);
        owner = session.signup();
        JsonNode setup = body(mvc.perform(post("/api/v1/tfa/setup").header("Authorization", owner.bearer())).andExpect(status().isOk()).andReturn());
        secret = setup.path("secret").asText();
        assertThat(setup.path("otpauth_url").asText()).startsWith("otpauth://totp/");
        mvc.perform(post("/api/v1/tfa/verify-setup").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"token\":\"" + totp.codeAt(secret, Instant.now()) + "\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.backup_codes.length()").value(10));
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    private String challenge(Cookie... cookies) throws Exception {
        var request = post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("username", owner.username(), "password", PASSWORD)));
        if (cookies.length > 0) {
            request.cookie(cookies);
        }
        MvcResult result = mvc.perform(request).andExpect(status().isOk()).andReturn();
        JsonNode body = body(result);
        if (!body.path("requires_tfa").asBoolean()) {
            return null;
        }
        assertThat(result.getResponse().getHeaders("Set-Cookie")).as("no session before the code").isEmpty();
        assertThat(body.has("token")).isFalse();
        return body.path("tfa_token").asText();
    }

    private String freshCode() {
        // The enrolment consumed the current step; the next one is valid within the drift window.
        return totp.codeAt(secret, Instant.now().plusSeconds(30));
    }

    @Test
    void signInTakesAPasswordThenACodeAndRememberMePlantsATrustCookie() throws Exception {
        String tfaToken = challenge();

        mvc.perform(post("/api/v1/auth/verify-tfa").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("tfa_token", tfaToken, "token", "000000"))))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("Invalid verification code"))
                .andExpect(jsonPath("$.remainingAttempts").value(4));
        MvcResult verified = mvc.perform(post("/api/v1/auth/verify-tfa").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("tfa_token", tfaToken, "token", freshCode(), "remember_me", true))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.user.tfa_enabled").value(true)).andReturn();
        Cookie trust = verified.getResponse().getCookie("patchmon_device_trust");
        assertThat(trust).isNotNull();
        assertThat(trust.isHttpOnly()).isTrue();
        assertThat(trust.getMaxAge()).isEqualTo(30 * 24 * 3600);

        assertThat(challenge(trust)).as("a trusted browser skips the code").isNull();
        String bearer = "Bearer " + body(verified).path("token").asText();
        mvc.perform(get("/api/v1/auth/trusted-devices").header("Authorization", bearer).cookie(trust))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].is_current").value(true));
        String deviceId = body(mvc.perform(get("/api/v1/auth/trusted-devices").header("Authorization", bearer)).andReturn()).get(0).path("id").asText();

        ApiSession.Account rival = session.signup();
        mvc.perform(delete("/api/v1/auth/trusted-devices/" + deviceId).header("Authorization", rival.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("Trusted device not found"));
        assertThat(challenge(trust)).isNull();

        mvc.perform(delete("/api/v1/auth/trusted-devices/" + deviceId).header("Authorization", bearer).cookie(trust))
                .andExpect(status().isOk()).andExpect(header().stringValues("Set-Cookie", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("patchmon_device_trust=;"))));
        assertThat(challenge(trust)).isNotNull();
    }

    @Test
    void aBackupCodeIsSpentOnUseAndStatusCountsTheRest() throws Exception {
        MvcResult regenerated = mvc.perform(post("/api/v1/tfa/regenerate-backup-codes").header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andReturn();
        String code = body(regenerated).path("backup_codes").get(0).asText();

        mvc.perform(post("/api/v1/auth/verify-tfa").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("tfa_token", challenge(), "token", code)))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/auth/verify-tfa").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("tfa_token", challenge(), "token", code)))).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/tfa/status").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.enabled").value(true)).andExpect(jsonPath("$.backup_codes_remaining").value(9));
    }

    @Test
    void badInputChangesNothing() throws Exception {
        mvc.perform(post("/api/v1/auth/verify-tfa").contentType(MediaType.APPLICATION_JSON).content("{\"tfa_token\":\"x\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("token"));
        mvc.perform(post("/api/v1/auth/verify-tfa").contentType(MediaType.APPLICATION_JSON).content("{\"tfa_token\":\"x\",\"token\":\"123456\"}"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.error").value("TFA session expired, please sign in again"));
        mvc.perform(post("/api/v1/auth/verify-tfa").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("tfa_token", owner.token(), "token", "123456"))))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/tfa/setup").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("TFA is already enabled"));
        mvc.perform(post("/api/v1/tfa/disable").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"password\":\"wrong\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Invalid password"));
        mvc.perform(get("/api/v1/tfa/status").header("Authorization", owner.bearer())).andExpect(jsonPath("$.enabled").value(true));
        mvc.perform(post("/api/v1/tfa/disable").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("password", PASSWORD))))
                .andExpect(status().isOk());
        assertThat(challenge()).isNull();
    }
}
