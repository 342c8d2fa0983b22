package cloud.patchmon.core.auth;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.events.InProcessEvents;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.rbac.RoleRepository;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.Directory;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.MutableClock;
import cloud.patchmon.core.users.UserRepository;
import cloud.patchmon.core.storage.CapacityMeter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class AuthServiceIntegrationTest {

    private static final String SECRET = "integration-test-secret-0123456789";
    private static final String PASSWORD = "Sup3r-Secret!";
    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final AuthService.Client client = new AuthService.Client("203.0.113.7", "junit");
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private AuthService auth;

    AuthServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings settings = dynamo.newTable();
        ddb = dynamo.client(settings, new CapacityMeter());
        store = new DynamoItemStore(ddb, settings.tableName(), Json.newMapper(), clock);
        InProcessEvents bus = new InProcessEvents();
        bus.subscribe(events::add);
        AuthSettings authSettings = new AuthSettings(Duration.ofMinutes(15), Duration.ofDays(7), 5, Duration.ofMinutes(15), 4, 30, Duration.ofMinutes(15));
        auth = new AuthService(store, new PasswordHasher(4), new AccessTokens(SECRET, clock, Duration.ofMinutes(15)),
                new cloud.patchmon.core.secrets.AesGcmSecretBox(new byte[32]), bus, authSettings, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private AuthService.SignedIn signup(String org, String username, String email) {
        return auth.signup(new AuthService.SignupRequest(org, username, email, PASSWORD, "Ada", "Lovelace"), client);
    }

    private List<String> eventTypes() {
        return events.stream().map(DomainEvent::type).toList();
    }

    @Test
    void signupCreatesATenantWithItsFirstUserAsSuperadminAndTheFiveRoles() {
        AuthService.SignedIn signedIn = signup("Acme Corp", "ada", "ada@acme.test");

        assertThat(signedIn.tenant().slug()).isEqualTo("acme-corp");
        assertThat(signedIn.user().role()).isEqualTo("superadmin");
        assertThat(signedIn.user().passwordHash()).startsWith("$2a$04$").doesNotContain(PASSWORD);
        TenantContext ctx = TenantContext.system(signedIn.tenant().id(), "test");
        assertThat(new RoleRepository(store).list(ctx)).extracting(r -> r.name())
                .containsExactlyInAnyOrder("superadmin", "admin", "host_manager", "user", "readonly");
        AuthenticatedUser me = auth.authenticate(signedIn.access().token());
        assertThat(me.user().username()).isEqualTo("ada");
        assertThat(me.has(Permission.CAN_MANAGE_SUPERUSERS)).isTrue();
        assertThat(eventTypes()).containsExactly("user_created");
    }

    @Test
    void organisationsWithTheSameNameGetDistinctSlugs() {
        assertThat(signup("Acme", "ada", "ada@one.test").tenant().slug()).isEqualTo("acme");
        assertThat(signup("Acme", "bob", "bob@two.test").tenant().slug()).isEqualTo("acme-2");
        assertThat(signup("ACME!", "cyd", "cyd@three.test").tenant().slug()).isEqualTo("acme-3");
    }

    @Test
    void anInvalidSignupNamesEveryProblemAndCreatesNothing() {
        assertThatThrownBy(() -> auth.signup(new AuthService.SignupRequest("A", "x", "not-an-email", "weak", null, null), client))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.VALIDATION);
                    assertThat(e.violations()).extracting(DomainException.FieldViolation::param)
                            .contains("tenant_name", "username", "email", "password");
                });

        assertThat(new Directory(store).logins("x")).isEmpty();
        assertThat(new Directory(store).slug("org")).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void signsInWithUsernameOrEmailCaseInsensitively() {
        signup("Acme", "Ada", "Ada@Acme.test");

        assertThat(auth.login(new AuthService.LoginRequest("ada", PASSWORD, null), client, null).signedIn().user().username()).isEqualTo("Ada");
        assertThat(auth.login(new AuthService.LoginRequest("ADA@acme.TEST", PASSWORD, null), client, null).signedIn().user().username()).isEqualTo("Ada");
        assertThat(eventTypes()).containsExactly("user_created", "user_login", "user_login");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        signup("Acme", "ada", "ada@acme.test");

        assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ada", "Wrong-Pass1!", null), client, null).signedIn())
                .hasMessage("Invalid credentials");
        assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("nobody", PASSWORD, null), client, null).signedIn())
                .hasMessage("Invalid credentials");
        assertThat(eventTypes()).containsExactly("user_created", "user_login_failed");
    }

    @Test
    void aUsernameInSeveralOrganisationsNeedsTheSlug() {
        AuthService.SignedIn one = signup("One", "ops", "ops@one.test");
        AuthService.SignedIn two = signup("Two", "ops", "ops@two.test");

        assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ops", PASSWORD, null), client, null).signedIn())
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.BAD_REQUEST));
        assertThat(auth.login(new AuthService.LoginRequest("ops", PASSWORD, "two"), client, null).signedIn().tenant().id()).isEqualTo(two.tenant().id());
        assertThat(auth.login(new AuthService.LoginRequest("ops", PASSWORD, "one"), client, null).signedIn().user().id()).isEqualTo(one.user().id());
        assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ops", PASSWORD, "three"), client, null).signedIn()).hasMessage("Invalid credentials");
        assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ops", PASSWORD, "../one"), client, null).signedIn()).hasMessage("Invalid credentials");
    }

    @Test
    void fiveWrongPasswordsLockTheAccountUntilTheLockoutEnds() {
        signup("Acme", "ada", "ada@acme.test");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ada", "Wrong-Pass1!", null), client, null).signedIn()).hasMessage("Invalid credentials");
        }

        assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ada", PASSWORD, null), client, null).signedIn())
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(15));
                });
        assertThat(eventTypes()).containsOnlyOnce("account_locked");

        clock.advance(Duration.ofMinutes(15));
        assertThat(auth.login(new AuthService.LoginRequest("ada", PASSWORD, null), client, null).signedIn().user().failedLoginAttempts()).isZero();
    }

    @Test
    void aSuccessfulLoginResetsTheFailureCount() {
        signup("Acme", "ada", "ada@acme.test");
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ada", "Wrong-Pass1!", null), client, null).signedIn()).hasMessage("Invalid credentials");
        }
        auth.login(new AuthService.LoginRequest("ada", PASSWORD, null), client, null).signedIn();
        assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ada", "Wrong-Pass1!", null), client, null).signedIn()).hasMessage("Invalid credentials");

        assertThat(auth.login(new AuthService.LoginRequest("ada", PASSWORD, null), client, null).signedIn().user().lastLoginAt()).isEqualTo(clock.instant());
    }

    @Test
    void tooManyAttemptsFromOneAddressAreRateLimited() {
        signup("Acme", "ada", "ada@acme.test");
        AuthService.Client noisy = new AuthService.Client("198.51.100.9", "bot");
        for (int i = 0; i < 30; i++) {
            assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("nobody" , "x", null), noisy, null).signedIn()).hasMessage("Invalid credentials");
        }

        assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ada", PASSWORD, null), noisy, null).signedIn())
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.RATE_LIMITED));
        assertThat(auth.login(new AuthService.LoginRequest("ada", PASSWORD, null), client, null).signedIn().user().username()).isEqualTo("ada");
    }

    @Test
    void aRefreshRotatesTheTokenAndAReplayedOneEndsTheSession() {
        AuthService.SignedIn first = signup("Acme", "ada", "ada@acme.test");

        AuthService.SignedIn second = auth.refresh(first.refreshToken(), client);
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(auth.authenticate(second.access().token()).sessionId()).isEqualTo(auth.authenticate(first.access().token()).sessionId());

        assertThatThrownBy(() -> auth.refresh(first.refreshToken(), client)).hasMessage("Invalid or expired token");
        assertThatThrownBy(() -> auth.authenticate(second.access().token())).hasMessage("Invalid or expired token");
        assertThatThrownBy(() -> auth.refresh(second.refreshToken(), client)).hasMessage("Invalid or expired token");
    }

    @Test
    void malformedRefreshTokensAreRefused() {
        AuthService.SignedIn signedIn = signup("Acme", "ada", "ada@acme.test");
        String[] parts = signedIn.refreshToken().split("\\.");
        String otherTenant = "other-tenant." + parts[1] + "." + parts[2] + "." + parts[3];

        for (String bad : new String[]{null, "", "a.b.c.d", otherTenant, signedIn.refreshToken() + "x"}) {
            assertThatThrownBy(() -> auth.refresh(bad, client)).as(String.valueOf(bad)).hasMessage("Invalid or expired token");
        }
    }

    @Test
    void logoutRevokesTheSession() {
        AuthService.SignedIn signedIn = signup("Acme", "ada", "ada@acme.test");
        AuthService.SignedIn other = auth.login(new AuthService.LoginRequest("ada", PASSWORD, null), client, null).signedIn();

        auth.logout(signedIn.access().token(), null);

        assertThatThrownBy(() -> auth.authenticate(signedIn.access().token())).hasMessage("Invalid or expired token");
        assertThatThrownBy(() -> auth.refresh(signedIn.refreshToken(), client)).hasMessage("Invalid or expired token");
        assertThat(auth.authenticate(other.access().token()).user().username()).isEqualTo("ada");
    }

    @Test
    void sessionsEndWhenTheyExpire() {
        AuthService.SignedIn signedIn = signup("Acme", "ada", "ada@acme.test");
        clock.advance(Duration.ofDays(7));

        assertThatThrownBy(() -> auth.refresh(signedIn.refreshToken(), client)).hasMessage("Invalid or expired token");
    }

    @Test
    void aDeactivatedUserCannotUseTheirToken() {
        AuthService.SignedIn signedIn = signup("Acme", "ada", "ada@acme.test");
        TenantContext ctx = TenantContext.system(signedIn.tenant().id(), "test");
        UserRepository users = new UserRepository(store);
        var user = users.find(ctx, signedIn.user().id()).orElseThrow();
        users.save(ctx, new cloud.patchmon.core.users.User(user.id(), user.username(), user.email(), user.firstName(), user.lastName(),
                user.passwordHash(), user.role(), false, user.createdAt(), user.updatedAt(), user.lastLoginAt(), 0, null, false, null));

        assertThatThrownBy(() -> auth.authenticate(signedIn.access().token())).hasMessage("Account is disabled");
        assertThatThrownBy(() -> auth.login(new AuthService.LoginRequest("ada", PASSWORD, null), client, null).signedIn()).hasMessage("Account is disabled");
    }
}
