package cloud.patchmon.api.users;

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

import static cloud.patchmon.api.ApiSession.PASSWORD;
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
class UsersApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    private final ObjectMapper json = new ObjectMapper();
    private ApiSession session;
    private ApiSession.Account owner;
    private ApiSession.Account rival;

    @DynamicPropertySource
    static void table(DynamicPropertyRegistry registry) {
        ApiTestSupport.freshTable(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        session = new ApiSession(mvc);
        owner = session.signup();
        rival = session.signup();
    }

    private String body(Object value) throws Exception {
        return json.writeValueAsString(value);
    }

    @Test
    void theUserLifecycleThroughTheApi() throws Exception {
        ApiSession.Account bob = session.userWithRole(owner, "user");

        mvc.perform(get("/api/v1/users").header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[*].username", hasItem(bob.username())))
                .andExpect(jsonPath("$[0].password_hash").doesNotExist());
        mvc.perform(put("/api/v1/users/" + bob.userId()).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("role", "readonly", "first_name", "Bob"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.message").value("User updated successfully"))
                .andExpect(jsonPath("$.user.role").value("readonly")).andExpect(jsonPath("$.user.first_name").value("Bob"));
        mvc.perform(get("/api/v1/auth/me").header("Authorization", bob.bearer())).andExpect(status().isUnauthorized());

        mvc.perform(post("/api/v1/users/" + bob.userId() + "/reset-password").header("Authorization", owner.bearer())
                        .contentType(MediaType.APPLICATION_JSON).content(body(Map.of("new_password", "short"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].param").value("new_password"));
        mvc.perform(post("/api/v1/users/" + bob.userId() + "/reset-password").header("Authorization", owner.bearer())
                        .contentType(MediaType.APPLICATION_JSON).content(body(Map.of("new_password", "N3w-Password!"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.message").value("Password reset successfully"));
        session.login(bob.username(), "N3w-Password!", owner.tenantSlug());

        mvc.perform(delete("/api/v1/users/" + bob.userId()).header("Authorization", owner.bearer()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.message").value("User deleted successfully"));
        mvc.perform(get("/api/v1/users/" + bob.userId()).header("Authorization", owner.bearer()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("User not found"));
    }

    @Test
    void escalationRulesAnswerWithTheSpecsErrors() throws Exception {
        ApiSession.Account admin = session.userWithRole(owner, "admin");

        mvc.perform(post("/api/v1/users").header("Authorization", admin.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("username", "sneaky", "email", "sneaky@example.test", "password", PASSWORD, "role", "superadmin"))))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("You do not have permission to assign the role: superadmin"));
        mvc.perform(put("/api/v1/users/" + admin.userId()).header("Authorization", admin.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("role", "readonly"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Cannot change your own role"));
        mvc.perform(delete("/api/v1/users/" + owner.userId()).header("Authorization", admin.bearer()))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/users/" + owner.userId()).header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Cannot delete your own account"));
        mvc.perform(post("/api/v1/users").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("username", admin.username(), "email", "other@example.test", "password", PASSWORD, "role", "user"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Username or email already exists"));
    }

    @Test
    void anotherOrganisationsIdsAreNotFoundOnEveryRoute() throws Exception {
        ApiSession.Account bob = session.userWithRole(owner, "user");
        mvc.perform(post("/api/v1/roles").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(body(Map.of("name", "auditor", "preset", "read_only")))).andExpect(status().isCreated());

        mvc.perform(get("/api/v1/users/" + bob.userId()).header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/users/" + bob.userId()).header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(body(Map.of("is_active", false)))).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/users/" + bob.userId() + "/reset-password").header("Authorization", rival.bearer())
                .contentType(MediaType.APPLICATION_JSON).content(body(Map.of("new_password", "N3w-Password!")))).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/users/" + bob.userId()).header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/roles/auditor").header("Authorization", rival.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(body(Map.of("preset", "admin")))).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/roles/auditor").header("Authorization", rival.bearer())).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/users").header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$[*].id", not(hasItem(bob.userId())))).andExpect(jsonPath("$.length()").value(1));
        mvc.perform(get("/api/v1/roles").header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$.roles[*].name", not(hasItem("auditor"))));

        mvc.perform(get("/api/v1/auth/me").header("Authorization", bob.bearer())).andExpect(status().isOk())
                .andExpect(jsonPath("$.user.is_active").value(true));
        mvc.perform(get("/api/v1/roles").header("Authorization", owner.bearer()))
                .andExpect(jsonPath("$.roles[?(@.name == 'auditor')].permissions.can_manage_hosts").value(hasItem(false)));
    }

    @Test
    void identicallyNamedUsersAndRolesInTwoOrganisationsStayApart() throws Exception {
        for (ApiSession.Account org : new ApiSession.Account[]{owner, rival}) {
            mvc.perform(post("/api/v1/roles").header("Authorization", org.bearer()).contentType(MediaType.APPLICATION_JSON)
                    .content(body(Map.of("name", "auditor", "preset", "read_only")))).andExpect(status().isCreated());
            mvc.perform(post("/api/v1/users").header("Authorization", org.bearer()).contentType(MediaType.APPLICATION_JSON)
                    .content(body(Map.of("username", "ops", "email", "ops@example.test", "password", PASSWORD, "role", "auditor"))))
                    .andExpect(status().isCreated());
        }
        ApiSession.Account ownersOps = session.login("ops", PASSWORD, owner.tenantSlug());
        ApiSession.Account rivalsOps = session.login("ops", PASSWORD, rival.tenantSlug());

        mvc.perform(put("/api/v1/roles/auditor").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(body(Map.of("preset", "operator")))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/auth/me").header("Authorization", ownersOps.bearer()))
                .andExpect(jsonPath("$.permissions", hasItem("can_manage_patching")));
        mvc.perform(get("/api/v1/auth/me").header("Authorization", rivalsOps.bearer()))
                .andExpect(jsonPath("$.permissions", not(hasItem("can_manage_patching"))));

        mvc.perform(delete("/api/v1/users/" + rivalsOps.userId()).header("Authorization", owner.bearer())).andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/users/" + ownersOps.userId()).header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                .content(body(Map.of("is_active", false)))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/auth/me").header("Authorization", ownersOps.bearer())).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/auth/me").header("Authorization", rivalsOps.bearer())).andExpect(status().isOk());
        mvc.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("username", "ops", "password", PASSWORD))))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theRoleMatrixAndCustomRoles() throws Exception {
        mvc.perform(get("/api/v1/roles").header("Authorization", owner.bearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total_permissions").value(20))
                .andExpect(jsonPath("$.roles[?(@.name == 'admin')].permission_count").value(hasItem(19)))
                .andExpect(jsonPath("$.roles[?(@.name == 'user')].is_locked").value(hasItem(true)))
                .andExpect(jsonPath("$.roles[?(@.name == 'readonly')].is_locked").value(hasItem(false)));
        mvc.perform(post("/api/v1/roles").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("name", "noc_operator", "preset", "operator", "permissions", Map.of("can_use_remote_access", false)))))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.role.permissions.can_manage_patching").value(true))
                .andExpect(jsonPath("$.role.permissions.can_use_remote_access").value(false))
                .andExpect(jsonPath("$.role.permission_count").value(12));
        mvc.perform(post("/api/v1/roles").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("name", "bad_role", "permissions", Map.of("can_fly", true)))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].msg").value("Unknown permission: can_fly"));
        mvc.perform(put("/api/v1/roles/admin").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("preset", "clear_all"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Cannot modify built-in role permissions"));
        session.userWithRole(owner, "noc_operator");
        mvc.perform(delete("/api/v1/roles/noc_operator").header("Authorization", owner.bearer()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Cannot delete role: users are assigned to it"));
    }

    @Test
    void profileAndSelfRegistration() throws Exception {
        mvc.perform(put("/api/v1/profile").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("first_name", "Grace", "theme_preference", "dark"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.user.theme_preference").value("dark"));
        mvc.perform(put("/api/v1/profile/password").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("current_password", "wrong", "new_password", "N3w-Password!"))))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("Current password is incorrect"));

        Map<String, Object> registration = Map.of("tenant", owner.tenantSlug(), "username", "walkin", "email", "walkin@example.test", "password", PASSWORD);
        mvc.perform(post("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON).content(body(registration)))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("User registration is disabled"));
        mvc.perform(put("/api/v1/settings/auth").header("Authorization", owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                        .content(body(Map.of("self_registration_enabled", true, "default_role", "readonly"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.self_registration_enabled").value(true))
                .andExpect(jsonPath("$.password_policy.min_length").value(8));
        mvc.perform(post("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON).content(body(registration)))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.user.role").value("readonly"));
        mvc.perform(get("/api/v1/settings/auth").header("Authorization", rival.bearer()))
                .andExpect(jsonPath("$.self_registration_enabled").value(false));
    }
}
