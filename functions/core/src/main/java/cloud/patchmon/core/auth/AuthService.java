package cloud.patchmon.core.auth;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.rbac.BuiltInRole;
import cloud.patchmon.core.rbac.Role;
import cloud.patchmon.core.ratelimit.WindowLimiter;
import cloud.patchmon.core.rbac.RoleRepository;
import cloud.patchmon.core.secrets.SecretBox;
import cloud.patchmon.core.tfa.TfaService;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.Write;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;
import cloud.patchmon.core.tenants.Slugs;
import cloud.patchmon.core.tenants.Tenant;
import cloud.patchmon.core.tenants.TenantRepository;
import cloud.patchmon.core.tenants.TenantSettings;
import cloud.patchmon.core.users.User;
import cloud.patchmon.core.users.UserRepository;
import cloud.patchmon.core.users.UserRules;
import cloud.patchmon.core.users.UserService;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-up, sign-in, token refresh, sign-out and request authentication. Every refusal is a
 * {@link DomainException} carrying the words callers see.
 */
public final class AuthService {

    static final String INVALID_CREDENTIALS = "Invalid credentials";
    static final String INVALID_TOKEN = "Invalid or expired token";
    /** A sign-up that never completed may hold a slug this long before another tenant takes it. */
    private static final Duration STALE_SLUG_CLAIM = Duration.ofMinutes(10);
    private static final TenantContext RATE_CTX = TenantContext.system(Directory.SYSTEM, "rate-limit");

    private final ItemStore store;
    private final Directory directory;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final RoleRepository roles;
    private final SessionRepository sessions;
    private final UserService userService;
    private final TfaService tfa;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final WindowLimiter rateLimiter;
    private final Events events;
    private final AuthSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AuthService(ItemStore store, PasswordHasher hasher, AccessTokens tokens, SecretBox box, Events events,
                       AuthSettings settings, Clock clock) {
        this.store = store;
        this.directory = new Directory(store);
        this.tenants = new TenantRepository(store);
        this.users = new UserRepository(store);
        this.roles = new RoleRepository(store);
        this.sessions = new SessionRepository(store);
        this.userService = new UserService(store, hasher, events, clock);
        this.tfa = new TfaService(store, box, hasher, events, clock);
        this.hasher = hasher;
        this.tokens = tokens;
        this.rateLimiter = new WindowLimiter(store, clock, settings.authRequestsPerWindow(), settings.authWindow(),
                "Too many authentication attempts, please try again later.");
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /** Where a request came from, for rate limits and the session list. */
    public record Client(String ipAddress, String userAgent) {
    }

    public record SignupRequest(String tenantName, String username, String email, String password, String firstName, String lastName) {
    }

    public record LoginRequest(String username, String password, String tenant) {
    }

    public record RegisterRequest(String tenant, String username, String email, String password, String firstName, String lastName) {
    }

    /**
     * The outcome of the password step: a session, or (2FA on, browser not trusted) a
     * five-minute challenge token for {@link #completeTfa}.
     */
    public record SignInResult(SignedIn signedIn, String tfaChallenge) {
        public boolean requiresTfa() {
            return tfaChallenge != null;
        }
    }

    /** A session after the 2FA step, and the trust cookie when "remember me" was ticked. */
    public record TfaCompleted(SignedIn signedIn, String deviceTrust) {
    }

    /** A signed-in session: the access token for this request and the refresh token for later ones. */
    public record SignedIn(Tenant tenant, User user, Role role, AccessTokens.Issued access, String refreshToken, Instant sessionExpiresAt) {
    }

    public SignedIn signup(SignupRequest request, Client client) {
        limitClient("signup", client);
        List<FieldViolation> problems = new ArrayList<>();
        String tenantName = request.tenantName() == null ? "" : request.tenantName().trim();
        if (tenantName.length() < 2 || tenantName.length() > 100) {
            problems.add(new FieldViolation("Organisation name must be between 2 and 100 characters", "tenant_name", "body"));
        }
        UserRules.NewAccount account = new UserRules.NewAccount(request.username(), request.email(), request.password(),
                request.firstName(), request.lastName());
        TenantSettings tenantSettings = TenantSettings.defaults();
        problems.addAll(UserRules.checkNewAccount(account, tenantSettings.passwordPolicy()));
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }

        Instant now = clock.instant();
        TenantId tenantId = TenantId.random();
        TenantContext ctx = TenantContext.system(tenantId, "signup");
        String slug = claimSlug(Slugs.of(tenantName), tenantId, now);
        String userId = UUID.randomUUID().toString();
        User user = account.toUser(userId, hasher.hash(request.password()), BuiltInRole.SUPERADMIN.key(), now);
        String username = user.username();
        String email = user.email();
        Tenant tenant = new Tenant(tenantId, tenantName, slug, now);

        // Directory entries first: a crash after them leaves entries that point nowhere (ignored
        // by readers), never a tenant whose first user cannot sign in.
        directory.addLogin(username, tenantId, userId);
        directory.addLogin(email, tenantId, userId);
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.Put(TenantRepository.tenantItem(ctx, tenant), true));
        writes.add(new Write.Put(TenantRepository.settingsItem(ctx, tenantSettings), true));
        RoleRepository.builtIns(now).forEach(role -> writes.add(new Write.Put(RoleRepository.item(ctx, role), true)));
        writes.addAll(UserRepository.creation(ctx, user));
        store.transact(ctx, writes);

        events.publish(new DomainEvent("user_created", tenantId, now, Map.of("user_id", userId, "username", username, "role", user.role())));
        Role superadmin = roles.find(ctx, BuiltInRole.SUPERADMIN.key()).orElseThrow();
        return startSession(tenant, user, superadmin, client, now);
    }

    /** Self-registration into an existing organisation, when its settings allow it. */
    public SignedIn register(RegisterRequest request, Client client) {
        limitClient("signup", client);
        String slug = request.tenant() == null ? "" : request.tenant().trim().toLowerCase(java.util.Locale.ROOT);
        Optional<Tenant> tenant = Slugs.isValid(slug)
                ? directory.slug(slug).flatMap(claim -> tenants.find(TenantContext.system(claim.tenantId(), "register")))
                : Optional.empty();
        if (tenant.isEmpty()) {
            throw DomainException.invalid("tenant", "Organisation not found");
        }
        TenantContext ctx = TenantContext.system(tenant.get().id(), "register");
        TenantSettings tenantSettings = tenants.settings(ctx);
        if (!tenantSettings.selfRegistrationEnabled()) {
            throw DomainException.forbidden("User registration is disabled");
        }
        UserRules.NewAccount account = new UserRules.NewAccount(request.username(), request.email(), request.password(),
                request.firstName(), request.lastName());
        List<FieldViolation> problems = UserRules.checkNewAccount(account, tenantSettings.passwordPolicy());
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Role role = roles.find(ctx, tenantSettings.defaultRole()).orElseThrow(() -> DomainException.forbidden("User registration is disabled"));
        Instant now = clock.instant();
        User user = account.toUser(UUID.randomUUID().toString(), hasher.hash(request.password()), role.name(), now);
        userService.insert(ctx, user);
        events.publish(new DomainEvent("user_created", ctx.tenantId(), now,
                Map.of("user_id", user.id(), "username", user.username(), "role", user.role(), "self_registered", true)));
        return startSession(tenant.get(), user, role, client, now);
    }

    /** Sign-in and sign-up attempts per client IP, counted before any tenant is known. */
    private void limitClient(String action, Client client) {
        rateLimiter.acquire(RATE_CTX, "RATE#" + action, client.ipAddress() == null ? "unknown" : client.ipAddress());
    }

    private String claimSlug(String base, TenantId tenantId, Instant now) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String candidate = attempt == 0 ? base : base + "-" + (attempt < 10 ? attempt + 1 : randomSuffix());
            if (directory.claimSlug(candidate, tenantId, now)) {
                return candidate;
            }
            Optional<Directory.SlugClaim> claim = directory.slug(candidate);
            if (claim.isPresent() && claim.get().claimedAt().plus(STALE_SLUG_CLAIM).isBefore(now)
                    && tenants.find(TenantContext.system(claim.get().tenantId(), "signup")).isEmpty()) {
                directory.replaceSlugClaim(candidate, tenantId, now);
                return candidate;
            }
        }
        throw DomainException.conflict("Could not allocate an organisation slug, please choose another name");
    }

    private String randomSuffix() {
        return Integer.toString(1000 + random.nextInt(9000));
    }

    public SignInResult login(LoginRequest request, Client client, String deviceTrust) {
        limitClient("login", client);
        List<FieldViolation> problems = new ArrayList<>();
        if (request.username() == null || request.username().isBlank()) {
            problems.add(new FieldViolation("Username is required", "username", "body"));
        }
        if (request.password() == null || request.password().isEmpty()) {
            problems.add(new FieldViolation("Password is required", "password", "body"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Instant now = clock.instant();
        Optional<Account> found = findAccount(request.username(), request.tenant());
        if (found.isEmpty()) {
            hasher.burn(request.password());
            throw DomainException.unauthenticated(INVALID_CREDENTIALS);
        }
        Account account = found.get();
        TenantContext ctx = TenantContext.system(account.tenant().id(), "login");
        User user = account.user();
        if (user.lockedAt(now)) {
            hasher.burn(request.password());
            throw locked(user, now);
        }
        if (!user.hasPassword() || !hasher.matches(request.password(), user.passwordHash())) {
            recordFailure(ctx, user, now, client);
            throw DomainException.unauthenticated(INVALID_CREDENTIALS);
        }
        if (!user.active()) {
            throw DomainException.unauthenticated("Account is disabled");
        }
        if (user.tfaEnabled() && !tfa.trusts(ctx, user, deviceTrust, client.ipAddress())) {
            // The password was right: the failure count starts again (finishLogin does this otherwise).
            if (user.failedLoginAttempts() > 0) {
                users.save(ctx, user.withFailedLogin(0, null));
            }
            return new SignInResult(null, tokens.issueTfaChallenge(account.tenant().id(), user.id()).token());
        }
        return new SignInResult(finishLogin(account.tenant(), ctx, user, client, now), null);
    }

    /** The 2FA step: the challenge from {@link #login} and a TOTP or backup code. */
    public TfaCompleted completeTfa(String challenge, String code, boolean rememberMe, Client client) {
        limitClient("login", client);
        AccessTokens.Claims claims = tokens.verifyTfaChallenge(challenge)
                .orElseThrow(() -> DomainException.unauthenticated("TFA session expired, please sign in again"));
        TenantContext ctx = TenantContext.system(claims.tenantId(), "tfa");
        Tenant tenant = tenants.find(ctx).orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        User user = users.find(ctx, claims.userId()).filter(User::active)
                .orElseThrow(() -> DomainException.unauthenticated("TFA session expired, please sign in again"));
        tfa.verifySignIn(ctx, user, code);
        String trust = rememberMe ? tfa.trustDevice(ctx, user, client.ipAddress(), client.userAgent()) : null;
        return new TfaCompleted(finishLogin(tenant, ctx, user, client, clock.instant()), trust);
    }

    private SignedIn finishLogin(Tenant tenant, TenantContext ctx, User user, Client client, Instant now) {
        User signedIn = user.withLogin(now);
        users.save(ctx, signedIn);
        Role role = roles.find(ctx, user.role()).orElseThrow(() -> DomainException.forbidden("Role not found"));
        events.publish(new DomainEvent("user_login", tenant.id(), now,
                Map.of("user_id", user.id(), "username", user.username(), "ip_address", String.valueOf(client.ipAddress()))));
        return startSession(tenant, signedIn, role, client, now);
    }

    private record Account(Tenant tenant, User user) {
    }

    private Optional<Account> findAccount(String name, String tenantSlug) {
        Optional<TenantId> only = Optional.empty();
        if (tenantSlug != null && !tenantSlug.isBlank()) {
            String slug = tenantSlug.trim().toLowerCase(java.util.Locale.ROOT);
            if (!Slugs.isValid(slug)) {
                return Optional.empty();
            }
            Optional<Directory.SlugClaim> claim = directory.slug(slug);
            if (claim.isEmpty()) {
                return Optional.empty();
            }
            only = Optional.of(claim.get().tenantId());
        }
        String normalised = Directory.normalise(name);
        List<Account> matches = new ArrayList<>();
        for (Directory.LoginEntry entry : directory.logins(name)) {
            if (only.isPresent() && !only.get().equals(entry.tenantId())) {
                continue;
            }
            TenantContext ctx = TenantContext.system(entry.tenantId(), "login");
            Optional<User> user = users.find(ctx, entry.userId())
                    .filter(u -> Directory.normalise(u.username()).equals(normalised)
                            || (u.email() != null && Directory.normalise(u.email()).equals(normalised)));
            Optional<Tenant> tenant = user.isPresent() ? tenants.find(ctx) : Optional.empty();
            if (user.isPresent() && tenant.isPresent()) {
                matches.add(new Account(tenant.get(), user.get()));
            }
        }
        if (matches.size() > 1) {
            throw DomainException.badRequest("This username exists in several organisations: sign in with your organisation's slug (tenant)");
        }
        return matches.stream().findFirst();
    }

    private void recordFailure(TenantContext ctx, User user, Instant now, Client client) {
        int attempts = user.failedLoginAttempts() + 1;
        boolean lock = attempts >= settings.maxLoginAttempts();
        Instant lockedUntil = lock ? now.plus(settings.lockoutDuration()) : null;
        users.save(ctx, user.withFailedLogin(lock ? 0 : attempts, lockedUntil));
        events.publish(new DomainEvent("user_login_failed", ctx.tenantId(), now,
                Map.of("user_id", user.id(), "username", user.username(), "ip_address", String.valueOf(client.ipAddress()), "attempts", attempts)));
        if (lock) {
            events.publish(new DomainEvent("account_locked", ctx.tenantId(), now,
                    Map.of("user_id", user.id(), "username", user.username(), "locked_until", lockedUntil.toString())));
        }
    }

    private DomainException locked(User user, Instant now) {
        return DomainException.rateLimited("Account is temporarily locked due to too many failed login attempts. Please try again later.",
                null, Duration.between(now, user.lockedUntil()));
    }

    private SignedIn startSession(Tenant tenant, User user, Role role, Client client, Instant now) {
        String sessionId = UUID.randomUUID().toString();
        String secret = Tokens.random();
        Instant expires = now.plus(settings.sessionTtl());
        sessions.save(TenantContext.system(tenant.id(), "session"), new Session(sessionId, user.id(), Tokens.sha256(secret), now, expires,
                client.ipAddress(), truncate(client.userAgent(), 256)));
        AccessTokens.Issued access = tokens.issue(tenant.id(), user.id(), sessionId);
        return new SignedIn(tenant, user, role, access, refreshToken(tenant.id(), user.id(), sessionId, secret), expires);
    }

    /** Exchanges a refresh token for a new access token and a rotated refresh token. */
    public SignedIn refresh(String refreshToken, Client client) {
        RefreshToken parsed = RefreshToken.parse(refreshToken).orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        TenantContext ctx = TenantContext.system(parsed.tenantId(), "refresh");
        Instant now = clock.instant();
        Session session = sessions.find(ctx, parsed.userId(), parsed.sessionId())
                .filter(s -> s.expiresAt().isAfter(now))
                .orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        if (!Tokens.matches(parsed.secret(), session.refreshHash())) {
            // A rotated-out refresh token came back: someone holds a copy. End the session.
            sessions.delete(ctx, parsed.userId(), parsed.sessionId());
            throw DomainException.unauthenticated(INVALID_TOKEN);
        }
        User user = users.find(ctx, parsed.userId()).filter(User::active).orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        Tenant tenant = tenants.find(ctx).orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        Role role = roles.find(ctx, user.role()).orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        String secret = Tokens.random();
        sessions.save(ctx, new Session(session.id(), session.userId(), Tokens.sha256(secret), session.createdAt(), session.expiresAt(),
                client.ipAddress(), truncate(client.userAgent(), 256)));
        AccessTokens.Issued access = tokens.issue(tenant.id(), user.id(), session.id());
        return new SignedIn(tenant, user, role, access, refreshToken(tenant.id(), user.id(), session.id(), secret), session.expiresAt());
    }

    /** Ends the session an access or refresh token belongs to; unknown tokens are ignored. */
    public void logout(String accessToken, String refreshToken) {
        tokens.verify(accessToken).ifPresent(claims ->
                sessions.delete(TenantContext.system(claims.tenantId(), "logout"), claims.userId(), claims.sessionId()));
        RefreshToken.parse(refreshToken).ifPresent(parsed ->
                sessions.delete(TenantContext.system(parsed.tenantId(), "logout"), parsed.userId(), parsed.sessionId()));
    }

    /** Resolves a request's access token to its user, or refuses it. */
    public AuthenticatedUser authenticate(String accessToken) {
        AccessTokens.Claims claims = tokens.verify(accessToken).orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        TenantContext ctx = TenantContext.system(claims.tenantId(), "authenticate");
        Instant now = clock.instant();
        sessions.find(ctx, claims.userId(), claims.sessionId())
                .filter(s -> s.expiresAt().isAfter(now))
                .orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        User user = users.find(ctx, claims.userId()).orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        if (!user.active()) {
            throw DomainException.unauthenticated("Account is disabled");
        }
        Role role = roles.find(ctx, user.role()).orElseThrow(() -> DomainException.unauthenticated(INVALID_TOKEN));
        return new AuthenticatedUser(claims.tenantId(), user, role, claims.sessionId());
    }

    /** How long a "remember me" trust lasts in the tenant, for the cookie's lifetime. */
    public Duration deviceTrustLifetime(TenantId tenant) {
        return Duration.ofDays(tenants.settings(TenantContext.system(tenant, "tfa")).tfa().rememberMeDays());
    }

    public Optional<Tenant> tenant(TenantContext ctx) {
        return tenants.find(ctx);
    }

    private static String refreshToken(TenantId tenant, String userId, String sessionId, String secret) {
        return tenant.value() + "." + userId + "." + sessionId + "." + secret;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** {@code <tenant>.<user>.<session>.<secret>}: names the session, proves possession by the secret. */
    private record RefreshToken(TenantId tenantId, String userId, String sessionId, String secret) {
        static Optional<RefreshToken> parse(String token) {
            if (token == null || token.length() > 512) {
                return Optional.empty();
            }
            String[] parts = token.split("\\.");
            if (parts.length != 4 || parts[3].length() < 20) {
                return Optional.empty();
            }
            try {
                UUID.fromString(parts[1]);
                UUID.fromString(parts[2]);
                return Optional.of(new RefreshToken(new TenantId(parts[0]), parts[1], parts[2], parts[3]));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
