package cloud.patchmon.core.testing;

import cloud.patchmon.core.auth.AccessTokens;
import cloud.patchmon.core.auth.AuthService;
import cloud.patchmon.core.auth.AuthSettings;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.events.InProcessEvents;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.users.UserService;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Signs up tenants and signs in users of any role, through the real services. */
public final class IdentityFixture {

    public static final String PASSWORD = "Sup3r-Secret!";
    public static final AuthService.Client CLIENT = new AuthService.Client("192.0.2.1", "fixture");

    public final AuthService auth;
    public final UserService users;
    public final PasswordHasher hasher = new PasswordHasher(4);
    public final List<DomainEvent> events = new CopyOnWriteArrayList<>();

    public IdentityFixture(ItemStore store, Clock clock) {
        InProcessEvents bus = new InProcessEvents();
        bus.subscribe(events::add);
        AuthSettings settings = new AuthSettings(Duration.ofMinutes(15), Duration.ofDays(7), 5, Duration.ofMinutes(15), 4, 10_000, Duration.ofMinutes(15));
        this.auth = new AuthService(store, hasher, new AccessTokens("fixture-secret-0123456789-abcdefghij", clock, Duration.ofMinutes(15)),
                new cloud.patchmon.core.secrets.AesGcmSecretBox(new byte[32]), bus, settings, clock);
        this.users = new UserService(store, hasher, bus, clock);
    }

    /** A new tenant; returns its superadmin. */
    public AuthenticatedUser signup(String organisation) {
        String name = "owner" + UUID.randomUUID().toString().substring(0, 8);
        AuthService.SignedIn signedIn = auth.signup(new AuthService.SignupRequest(organisation, name, name + "@example.test", PASSWORD, null, null), CLIENT);
        return auth.authenticate(signedIn.access().token());
    }

    /** A new user of {@code role} in the superadmin's tenant, signed in. */
    public AuthenticatedUser userWithRole(AuthenticatedUser superadmin, String role) {
        String name = role.replace('_', '-') + UUID.randomUUID().toString().substring(0, 8);
        users.create(superadmin, new UserService.NewUser(name, name + "@example.test", PASSWORD, null, null, role));
        AuthService.SignedIn signedIn = auth.login(new AuthService.LoginRequest(name, PASSWORD, tenantSlug(superadmin)), CLIENT, null).signedIn();
        return auth.authenticate(signedIn.access().token());
    }

    private String tenantSlug(AuthenticatedUser user) {
        return auth.tenant(user.context()).orElseThrow().slug();
    }
}
