package cloud.patchmon.api.http;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import cloud.patchmon.api.ApiTestSupport;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

// The serverless web server factory belongs to the Lambda handler; MockMvc brings its own.
@SpringBootTest(properties = {
        "patchmon.http.max-body-bytes=2048",
        "spring.autoconfigure.exclude=org.springframework.cloud.function.serverless.web.ServerlessAutoConfiguration"})
@AutoConfigureMockMvc
class HttpConventionsTest {

    @Autowired
    MockMvc mvc;

    /** Every request is counted against a request limit in the table, the probe's too. */
    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @Test
    void validBodiesReachTheController() throws Exception {
        mvc.perform(post("/api/v1/test-probe").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"web\",\"count\":3}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("web"))
                .andExpect(header().exists("X-Request-Id"));
    }

    @Test
    void validationErrorsUseTheErrorsArrayShape() throws Exception {
        mvc.perform(post("/api/v1/test-probe").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\",\"count\":0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[*].param", containsInAnyOrder("name", "count")))
                .andExpect(jsonPath("$.errors[*].msg", containsInAnyOrder("Name is required", "Count must be between 1 and 10")))
                .andExpect(jsonPath("$.errors[0].location").value("body"));
    }

    @Test
    void malformedJsonIsA400WithoutParserDetails() throws Exception {
        mvc.perform(post("/api/v1/test-probe").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"web\", "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Invalid JSON in request body"))
                .andExpect(content().string(not(containsString("Unexpected"))));
    }

    @Test
    void wrongJsonTypesAreA400() throws Exception {
        mvc.perform(post("/api/v1/test-probe").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"web\",\"count\":\"many\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Invalid JSON in request body"));
    }

    @Test
    void oversizeBodiesAreA413() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(4000) + "\",\"count\":1}";
        mvc.perform(post("/api/v1/test-probe").contentType(MediaType.APPLICATION_JSON).content(big))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.error").value("Request entity too large"));
    }

    @Test
    void aNonJsonContentTypeIsA415() throws Exception {
        mvc.perform(post("/api/v1/test-probe").contentType(MediaType.TEXT_PLAIN).content("name=web"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.error").value("Content-Type must be application/json"));
    }

    @Test
    void malformedPathAndQueryValuesAreA400NamingTheParameter() throws Exception {
        mvc.perform(get("/api/v1/test-probe/not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("id"));
        mvc.perform(get("/api/v1/test-probe/8b7c5c0e-2a55-4bde-9b0e-4f3f5b0c9a11").param("limit", "ten"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].param").value("limit"));
    }

    @Test
    void aTrailingSlashIsAccepted() throws Exception {
        mvc.perform(get("/api/v1/test-probe/8b7c5c0e-2a55-4bde-9b0e-4f3f5b0c9a11/").param("limit", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.limit").value(5));
        mvc.perform(get("/api/v1/health/")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ok"));
    }

    @Test
    void contractRefusalsCarryErrorAndMessage() throws Exception {
        mvc.perform(get("/api/v1/test-probe/refused"))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.error").value("Rate limit exceeded"))
                .andExpect(jsonPath("$.message").value("Maximum 100 hosts per day allowed for this token"));
    }

    @Test
    void unexpectedFailuresNeverLeakInternalText() throws Exception {
        mvc.perform(get("/api/v1/test-probe/crash").header("X-Request-Id", "req-123"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.error").value("Internal server error"))
                .andExpect(header().string("X-Request-Id", "req-123"))
                .andExpect(content().string(not(containsString("secret"))));
    }

    @Test
    void unsafeRequestIdsAreReplaced() throws Exception {
        mvc.perform(get("/api/v1/health").header("X-Request-Id", "bad id\r\nX-Evil: 1"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Request-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}")));
    }

    @Test
    void unknownRoutesAreJson404s() throws Exception {
        mvc.perform(get("/api/v1/nothing-here"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("Route not found"));
    }
}
