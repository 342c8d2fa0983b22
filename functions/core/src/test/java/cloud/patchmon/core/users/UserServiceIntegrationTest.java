package cloud.patchmon.core.users;

import cloud.patchmon.core.auth.AuthService;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;

import static cloud.patchmon.core.testing.IdentityFixture.CLIENT;
import static cloud.patchmon.core.testing.IdentityFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class UserServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private DynamoDbClient ddb;
    private IdentityFixture identity;
    private UserService users;
    private AuthService auth;
    private AuthenticatedUser owner;

    UserServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings settings = dynamo.newTable();
        tableName = settings.tableName();
        ddb = dynamo.client(settings, new CapacityMeter());
        identity = new IdentityFixture(new DynamoItemStore(ddb, settings.tableName(), Json.newMapper(), clock), clock);
        users = identity.users;
        auth = identity.auth;
        owner = identity.signup("Acme");
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private User create(AuthenticatedUser actor, String username, String role) {
        return users.create(actor, new UserService.NewUser(username, username + "@acme.test", PASSWORD, "First", "Last", role));
    }

    private String slug(AuthenticatedUser user) {
        return auth.tenant(user.context()).orElseThrow().slug();
    }

    private AuthService.SignedIn login(AuthenticatedUser sameTenant, String username, String password) {
        return auth.login(new AuthService.LoginRequest(username, password, slug(sameTenant)), CLIENT, null).signedIn();
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, DomainException.Kind kind, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void createdUsersCanSignInStraightAway() {
        User bob = create(owner, "bob", "host_manager");

        AuthService.SignedIn signedIn = login(owner, "bob", PASSWORD);
        assertThat(signedIn.user().id()).isEqualTo(bob.id());
        assertThat(signedIn.role().name()).isEqualTo("host_manager");
        assertThat(identity.events).extracting(DomainEvent::type).contains("user_created");
        assertThat(users.list(owner)).extracting(User::username).containsExactlyInAnyOrder(owner.user().username(), "bob");
    }

    @Test
    void duplicatesWeakPasswordsAndUnknownRolesAreRefusedAndChangeNothing() {
        create(owner, "bob", "user");

        refused(() -> create(owner, "BOB", "user"), DomainException.Kind.BAD_REQUEST, "Username or email already exists");
        refused(() -> users.create(owner, new UserService.NewUser("robert", "Bob@acme.test", PASSWORD, null, null, "user")),
                DomainException.Kind.BAD_REQUEST, "Username or email already exists");
        assertThatThrownBy(() -> users.create(owner, new UserService.NewUser("weak", "weak@acme.test", "password", null, null, "user")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param).containsOnly("password"));
        refused(() -> create(owner, "ghost", "wizard"), DomainException.Kind.VALIDATION, "Validation failed");

        assertThat(users.list(owner)).extracting(User::username).containsExactlyInAnyOrder(owner.user().username(), "bob");
        assertThatThrownBy(() -> login(owner, "weak", "password")).hasMessage("Invalid credentials");
    }

    @Test
    void aRoleChangeRevokesTheUsersSessionsAndIsAnEvent() {
        User bob = create(owner, "bob", "user");
        String token = login(owner, "bob", PASSWORD).access().token();

        users.update(owner, bob.id(), new UserService.Changes(null, null, null, null, "readonly", null));

        assertThatThrownBy(() -> auth.authenticate(token)).hasMessage("Invalid or expired token");
        assertThat(login(owner, "bob", PASSWORD).role().name()).isEqualTo("readonly");
        assertThat(identity.events).filteredOn(e -> e.type().equals("user_role_changed"))
                .singleElement().satisfies(e -> assertThat(e.data()).containsEntry("old_role", "user").containsEntry("new_role", "readonly"));
    }

    @Test
    void nobodyChangesTheirOwnRoleOrDeactivatesThemselves() {
        refused(() -> users.update(owner, owner.user().id(), new UserService.Changes(null, null, null, null, "admin", null)),
                DomainException.Kind.BAD_REQUEST, "Cannot change your own role");
        refused(() -> users.update(owner, owner.user().id(), new UserService.Changes(null, null, null, null, null, false)),
                DomainException.Kind.BAD_REQUEST, "Cannot deactivate your own account");
        refused(() -> users.delete(owner, owner.user().id()), DomainException.Kind.BAD_REQUEST, "Cannot delete your own account");
    }

    @Test
    void theLastSuperadminCannotBeDemotedDeactivatedOrDeleted() {
        AuthenticatedUser delegate = identity.userWithRole(owner, "admin");
        // A custom role holding can_manage_superusers can touch superadmins, but not remove the last one.
        new cloud.patchmon.core.rbac.RoleService(storeOf(), clock).create(owner.context(), "superuser_keeper",
                java.util.EnumSet.of(cloud.patchmon.core.rbac.Permission.CAN_MANAGE_USERS, cloud.patchmon.core.rbac.Permission.CAN_MANAGE_SUPERUSERS));
        AuthenticatedUser keeper = identity.userWithRole(owner, "superuser_keeper");

        refused(() -> users.update(keeper, owner.user().id(), new UserService.Changes(null, null, null, null, "user", null)),
                DomainException.Kind.BAD_REQUEST, "Cannot change the role of the last superadmin user");
        refused(() -> users.update(keeper, owner.user().id(), new UserService.Changes(null, null, null, null, null, false)),
                DomainException.Kind.BAD_REQUEST, "Cannot deactivate the last superadmin user");
        refused(() -> users.delete(keeper, owner.user().id()), DomainException.Kind.BAD_REQUEST, "Cannot delete the last superadmin user");
        refused(() -> users.delete(delegate, owner.user().id()), DomainException.Kind.FORBIDDEN,
                "You cannot manage a user whose role is more privileged than your own");
    }

    @Test
    void withASecondSuperadminTheFirstCanGo() {
        User second = create(owner, "second", "superadmin");
        AuthenticatedUser secondSignedIn = auth.authenticate(login(owner, "second", PASSWORD).access().token());

        users.delete(secondSignedIn, owner.user().id());

        assertThat(users.list(secondSignedIn)).extracting(User::id).containsExactly(second.id());
    }

    @Test
    void adminsCannotPromoteToAdminOrTouchSuperadmins() {
        AuthenticatedUser admin = identity.userWithRole(owner, "admin");
        User bob = create(owner, "bob", "user");

        refused(() -> create(admin, "newadmin", "admin"), DomainException.Kind.FORBIDDEN, "You do not have permission to assign the role: admin");
        refused(() -> users.update(admin, bob.id(), new UserService.Changes(null, null, null, null, "superadmin", null)),
                DomainException.Kind.FORBIDDEN, "You do not have permission to assign the role: superadmin");
        refused(() -> users.resetPassword(admin, owner.user().id(), "N3w-Password!"), DomainException.Kind.FORBIDDEN,
                "You cannot manage a user whose role is more privileged than your own");
        assertThat(users.update(admin, bob.id(), new UserService.Changes(null, null, null, null, "host_manager", null)).role()).isEqualTo("host_manager");
    }

    @Test
    void aPasswordResetRevokesSessionsAndNeedsAnActiveUser() {
        User bob = create(owner, "bob", "user");
        String token = login(owner, "bob", PASSWORD).access().token();

        users.resetPassword(owner, bob.id(), "N3w-Password!");

        assertThatThrownBy(() -> auth.authenticate(token)).hasMessage("Invalid or expired token");
        assertThatThrownBy(() -> login(owner, "bob", PASSWORD)).hasMessage("Invalid credentials");
        assertThat(login(owner, "bob", "N3w-Password!").user().id()).isEqualTo(bob.id());

        users.update(owner, bob.id(), new UserService.Changes(null, null, null, null, null, false));
        refused(() -> users.resetPassword(owner, bob.id(), "An0ther-Pass!"), DomainException.Kind.BAD_REQUEST, "Cannot reset password for inactive user");
        assertThatThrownBy(() -> users.resetPassword(owner, bob.id(), "weak")).isInstanceOf(DomainException.class);
    }

    @Test
    void deactivationRevokesSessionsAndBlocksSignIn() {
        User bob = create(owner, "bob", "user");
        String token = login(owner, "bob", PASSWORD).access().token();

        assertThat(users.update(owner, bob.id(), new UserService.Changes(null, null, null, null, null, false)).active()).isFalse();

        assertThatThrownBy(() -> auth.authenticate(token)).hasMessage("Invalid or expired token");
        assertThatThrownBy(() -> login(owner, "bob", PASSWORD)).hasMessage("Account is disabled");
        users.update(owner, bob.id(), new UserService.Changes(null, null, null, null, null, true));
        assertThat(login(owner, "bob", PASSWORD).user().active()).isTrue();
    }

    @Test
    void deletingAUserEndsItsSessionsAndFreesItsNames() {
        User bob = create(owner, "bob", "user");
        String token = login(owner, "bob", PASSWORD).access().token();

        users.delete(owner, bob.id());

        assertThatThrownBy(() -> auth.authenticate(token)).hasMessage("Invalid or expired token");
        assertThatThrownBy(() -> login(owner, "bob", PASSWORD)).hasMessage("Invalid credentials");
        assertThat(create(owner, "bob", "user").id()).isNotEqualTo(bob.id());
    }

    @Test
    void renamingMovesTheSignInName() {
        User bob = create(owner, "bob", "user");

        users.update(owner, bob.id(), new UserService.Changes("robert", "robert@acme.test", null, null, null, null));

        assertThat(login(owner, "robert", PASSWORD).user().id()).isEqualTo(bob.id());
        assertThat(login(owner, "robert@acme.test", PASSWORD).user().id()).isEqualTo(bob.id());
        assertThatThrownBy(() -> login(owner, "bob", PASSWORD)).hasMessage("Invalid credentials");
        assertThatThrownBy(() -> login(owner, "bob@acme.test", PASSWORD)).hasMessage("Invalid credentials");
        refused(() -> users.update(owner, bob.id(), new UserService.Changes(owner.user().username(), null, null, null, null, null)),
                DomainException.Kind.BAD_REQUEST, "Username or email already exists");
    }

    @Test
    void anotherTenantsUsersAreNotFound() {
        AuthenticatedUser rival = identity.signup("Rival");
        User bob = create(owner, "bob", "user");

        refused(() -> users.get(rival, bob.id()), DomainException.Kind.NOT_FOUND, "User not found");
        refused(() -> users.update(rival, bob.id(), new UserService.Changes(null, null, null, null, "readonly", null)), DomainException.Kind.NOT_FOUND, "User not found");
        refused(() -> users.resetPassword(rival, bob.id(), "N3w-Password!"), DomainException.Kind.NOT_FOUND, "User not found");
        refused(() -> users.delete(rival, bob.id()), DomainException.Kind.NOT_FOUND, "User not found");
        assertThat(users.list(rival)).extracting(User::id).containsExactly(rival.user().id());
        assertThat(login(owner, "bob", PASSWORD).role().name()).isEqualTo("user");
    }

    @Test
    void changingYourPasswordKeepsThisSessionAndEndsTheOthers() {
        AuthService.SignedIn mine = login(owner, owner.user().username(), PASSWORD);
        AuthService.SignedIn other = login(owner, owner.user().username(), PASSWORD);
        AuthenticatedUser me = auth.authenticate(mine.access().token());

        refused(() -> users.changePassword(me, "Wrong-Pass1!", "N3w-Password!"), DomainException.Kind.BAD_REQUEST, "Current password is incorrect");
        users.changePassword(me, PASSWORD, "N3w-Password!");

        assertThat(auth.authenticate(mine.access().token()).user().id()).isEqualTo(owner.user().id());
        assertThatThrownBy(() -> auth.authenticate(other.access().token())).hasMessage("Invalid or expired token");
        assertThat(login(owner, owner.user().username(), "N3w-Password!")).isNotNull();
    }

    @Test
    void passwordChangesAreLimitedToFivePerFifteenMinutes() {
        for (int i = 0; i < 5; i++) {
            refused(() -> users.changePassword(owner, "Wrong-Pass1!", "N3w-Password!"), DomainException.Kind.BAD_REQUEST, "Current password is incorrect");
        }
        refused(() -> users.changePassword(owner, PASSWORD, "N3w-Password!"), DomainException.Kind.RATE_LIMITED,
                "Too many password change attempts, please try again later.");
        clock.advance(java.time.Duration.ofMinutes(15));
        users.changePassword(owner, PASSWORD, "N3w-Password!");
    }

    @Test
    void aTenantsOwnPasswordChangeLimitReplacesTheDefault() {
        new cloud.patchmon.core.ratelimit.RateLimitRepository(new DynamoItemStore(ddb, tableName, Json.newMapper(), clock)).save(owner.context(),
                new cloud.patchmon.core.ratelimit.RateLimits(cloud.patchmon.core.ratelimit.RateLimits.GENERAL, cloud.patchmon.core.ratelimit.RateLimits.AGENT,
                        cloud.patchmon.core.ratelimit.Limit.of(2, java.time.Duration.ofMinutes(1))));
        for (int i = 0; i < 2; i++) {
            refused(() -> users.changePassword(owner, "Wrong-Pass1!", "N3w-Password!"), DomainException.Kind.BAD_REQUEST, "Current password is incorrect");
        }
        refused(() -> users.changePassword(owner, PASSWORD, "N3w-Password!"), DomainException.Kind.RATE_LIMITED,
                "Too many password change attempts, please try again later.");
        clock.advance(java.time.Duration.ofMinutes(1));
        users.changePassword(owner, PASSWORD, "N3w-Password!");
    }

    @Test
    void theProfileUpdatesNameEmailAndTheme() {
        User updated = users.updateProfile(owner, new UserService.ProfileChanges("Grace", "Hopper", "grace@acme.test", "dark"));

        assertThat(updated.firstName()).isEqualTo("Grace");
        assertThat(updated.themePreference()).isEqualTo("dark");
        assertThat(login(owner, "grace@acme.test", PASSWORD).user().id()).isEqualTo(owner.user().id());
        assertThatThrownBy(() -> users.updateProfile(owner, new UserService.ProfileChanges(null, null, null, "neon")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param).containsExactly("theme_preference"));
    }

    private cloud.patchmon.core.storage.ItemStore storeOf() {
        return new DynamoItemStore(ddb, tableName, Json.newMapper(), clock);
    }

    private String tableName;
}
