package cloud.patchmon.core.tfa;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.auth.SessionRepository;
import cloud.patchmon.core.auth.Tokens;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.secrets.SecretBox;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.TenantRepository;
import cloud.patchmon.core.users.User;
import cloud.patchmon.core.users.UserRepository;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Chapter 25: TOTP enrolment, backup codes, the sign-in code check with lockout, trusted devices. */
public final class TfaService {

    public static final String ISSUER = "PatchMon Cloud";
    static final String INVALID_CODE = "Invalid verification code";
    private static final int BACKUP_CODES = 10;
    private static final String BACKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final UserRepository users;
    private final TfaRepository tfa;
    private final TenantRepository tenants;
    private final SessionRepository sessions;
    private final SecretBox box;
    private final PasswordHasher hasher;
    private final Events events;
    private final Clock clock;
    private final Totp totp = new Totp();
    private final SecureRandom random = new SecureRandom();

    public TfaService(ItemStore store, SecretBox box, PasswordHasher hasher, Events events, Clock clock) {
        this.users = new UserRepository(store);
        this.tfa = new TfaRepository(store);
        this.tenants = new TenantRepository(store);
        this.sessions = new SessionRepository(store);
        this.box = box;
        this.hasher = hasher;
        this.events = events;
        this.clock = clock;
    }

    /** What the authenticator app needs: the otpauth URL for the QR code and the manual entry key. */
    public record Enrolment(String secret, String otpauthUrl) {
    }

    public record Status(boolean enabled, int backupCodesRemaining) {
    }

    private User current(AuthenticatedUser actor) {
        return users.find(actor.context(), actor.user().id()).orElseThrow(() -> DomainException.notFound("User not found"));
    }

    public Enrolment begin(AuthenticatedUser actor) {
        User user = current(actor);
        if (!user.hasPassword()) {
            throw DomainException.badRequest("MFA is managed by your OIDC provider");
        }
        if (user.tfaEnabled()) {
            throw DomainException.badRequest("TFA is already enabled");
        }
        String secret = totp.newSecret();
        TfaState state = tfa.state(actor.context(), user.id());
        save(actor.context(), user.id(), state.next(null, box.seal(actor.context(), secret), List.of(), 0, 0, null));
        return new Enrolment(secret, Totp.otpauthUrl(ISSUER, user.username(), secret));
    }

    /** Confirms enrolment with a first code; returns the backup codes, shown only now. */
    public List<String> confirm(AuthenticatedUser actor, String code) {
        TenantContext ctx = actor.context();
        User user = current(actor);
        if (user.tfaEnabled()) {
            throw DomainException.badRequest("TFA is already enabled");
        }
        TfaState state = tfa.state(ctx, user.id());
        if (state.pendingSealedSecret() == null) {
            throw DomainException.badRequest("Start TFA setup first");
        }
        String secret = box.open(ctx, state.pendingSealedSecret());
        OptionalLong step = totp.verify(secret, code, clock.instant(), 0);
        if (step.isEmpty()) {
            throw DomainException.badRequest(INVALID_CODE);
        }
        List<String> codes = newBackupCodes();
        save(ctx, user.id(), state.next(state.pendingSealedSecret(), null, hashes(codes), step.getAsLong(), 0, null));
        users.save(ctx, user.withTfaEnabled(true, clock.instant()));
        return codes;
    }

    public void disable(AuthenticatedUser actor, String password) {
        TenantContext ctx = actor.context();
        User user = current(actor);
        if (!user.hasPassword()) {
            throw DomainException.badRequest("Cannot disable TFA for accounts without a password");
        }
        if (!user.tfaEnabled()) {
            throw DomainException.badRequest("TFA is not enabled");
        }
        if (!hasher.matches(password, user.passwordHash())) {
            throw DomainException.badRequest("Invalid password");
        }
        users.save(ctx, user.withTfaEnabled(false, clock.instant()));
        tfa.deleteState(ctx, user.id());
        tfa.deleteDevices(ctx, user.id());
        sessions.list(ctx, user.id()).stream().filter(s -> !s.id().equals(actor.sessionId()))
                .forEach(s -> sessions.delete(ctx, user.id(), s.id()));
        events.publish(new DomainEvent("user_tfa_disabled", ctx.tenantId(), clock.instant(),
                Map.of("user_id", user.id(), "username", user.username())));
    }

    public Status status(AuthenticatedUser actor) {
        User user = current(actor);
        int remaining = user.tfaEnabled() ? tfa.state(actor.context(), user.id()).backupCodeHashes().size() : 0;
        return new Status(user.tfaEnabled(), remaining);
    }

    public List<String> regenerateBackupCodes(AuthenticatedUser actor) {
        TenantContext ctx = actor.context();
        User user = current(actor);
        if (!user.tfaEnabled()) {
            throw DomainException.badRequest("TFA is not enabled");
        }
        TfaState state = tfa.state(ctx, user.id());
        List<String> codes = newBackupCodes();
        save(ctx, user.id(), state.next(state.sealedSecret(), null, hashes(codes), state.lastUsedStep(), state.failedAttempts(), state.lockedUntil()));
        return codes;
    }

    /**
     * The sign-in's second step: a TOTP code, else a backup code (spent on use). Wrong codes count
     * towards a lockout; each refusal says how many attempts remain.
     */
    public void verifySignIn(TenantContext ctx, User user, String code) {
        Instant now = clock.instant();
        var settings = tenants.settings(ctx).tfa();
        TfaState state = tfa.state(ctx, user.id());
        if (state.lockedUntil() != null && state.lockedUntil().isAfter(now)) {
            throw DomainException.rateLimited("Too many failed TFA attempts. Please try again later.", null, Duration.between(now, state.lockedUntil()));
        }
        if (state.sealedSecret() == null) {
            throw DomainException.unauthenticated(INVALID_CODE);
        }
        String normalised = code == null ? "" : code.trim().replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
        OptionalLong step = totp.verify(box.open(ctx, state.sealedSecret()), normalised, now, state.lastUsedStep());
        if (step.isPresent()) {
            save(ctx, user.id(), state.next(state.sealedSecret(), null, state.backupCodeHashes(), step.getAsLong(), 0, null));
            return;
        }
        for (String hash : state.backupCodeHashes()) {
            if (normalised.length() == 8 && hasher.matches(normalised, hash)) {
                List<String> left = new ArrayList<>(state.backupCodeHashes());
                left.remove(hash);
                // A racing request that spent the same code first wins; this one is refused.
                if (tfa.saveState(ctx, user.id(), state.next(state.sealedSecret(), null, left, state.lastUsedStep(), 0, null))) {
                    return;
                }
                throw DomainException.unauthenticated(INVALID_CODE);
            }
        }
        int failures = state.failedAttempts() + 1;
        boolean lock = failures >= settings.maxAttempts();
        save(ctx, user.id(), state.next(state.sealedSecret(), null, state.backupCodeHashes(), state.lastUsedStep(),
                lock ? 0 : failures, lock ? now.plus(Duration.ofMinutes(settings.lockoutMinutes())) : null));
        if (lock) {
            throw DomainException.rateLimited("Too many failed TFA attempts. Please try again later.", null,
                    Duration.ofMinutes(settings.lockoutMinutes())).with("remainingAttempts", 0);
        }
        throw DomainException.unauthenticated(INVALID_CODE).with("remainingAttempts", settings.maxAttempts() - failures);
    }

    /** Plants a "remember me" trust; returns the cookie value. The oldest trusts beyond the cap are evicted. */
    public String trustDevice(TenantContext ctx, User user, String ipAddress, String userAgent) {
        Instant now = clock.instant();
        var settings = tenants.settings(ctx).tfa();
        String secret = Tokens.random();
        TrustedDevice device = new TrustedDevice(UUID.randomUUID().toString(), user.id(), Tokens.sha256(secret), label(userAgent),
                truncate(userAgent, 256), ipAddress, now, now, now.plus(Duration.ofDays(settings.rememberMeDays())));
        tfa.saveDevice(ctx, device);
        List<TrustedDevice> devices = new ArrayList<>(tfa.devices(ctx, user.id()));
        devices.sort(Comparator.comparing(TrustedDevice::createdAt).thenComparing(d -> d.id().equals(device.id()) ? 1 : 0));
        while (devices.size() > settings.maxRememberSessions()) {
            tfa.deleteDevice(ctx, user.id(), devices.remove(0).id());
        }
        return ctx.tenantId().value() + "." + user.id() + "." + device.id() + "." + secret;
    }

    /** Whether this browser's trust cookie lets {@code user} skip the code; bumps its last use. */
    public boolean trusts(TenantContext ctx, User user, String cookie, String ipAddress) {
        Optional<DeviceToken> token = DeviceToken.parse(cookie);
        if (token.isEmpty() || !token.get().tenant().equals(ctx.tenantId().value()) || !token.get().userId().equals(user.id())) {
            return false;
        }
        Instant now = clock.instant();
        Optional<TrustedDevice> device = tfa.device(ctx, user.id(), token.get().deviceId())
                .filter(d -> d.expiresAt().isAfter(now))
                .filter(d -> Tokens.matches(token.get().secret(), d.tokenHash()));
        device.ifPresent(d -> tfa.saveDevice(ctx, new TrustedDevice(d.id(), d.userId(), d.tokenHash(), d.label(), d.userAgent(), ipAddress,
                d.createdAt(), now, d.expiresAt())));
        return device.isPresent();
    }

    /** The device id a trust cookie names, to mark "this device" in the list. */
    public static Optional<String> deviceId(String cookie) {
        return DeviceToken.parse(cookie).map(DeviceToken::deviceId);
    }

    public List<TrustedDevice> devices(AuthenticatedUser actor) {
        Instant now = clock.instant();
        return tfa.devices(actor.context(), actor.user().id()).stream()
                .filter(d -> d.expiresAt().isAfter(now))
                .sorted(Comparator.comparing(TrustedDevice::lastUsedAt).reversed()).toList();
    }

    public void revokeDevice(AuthenticatedUser actor, String deviceId) {
        if (!tfa.deleteDevice(actor.context(), actor.user().id(), deviceId)) {
            throw DomainException.notFound("Trusted device not found");
        }
    }

    public int revokeAllDevices(TenantContext ctx, String userId) {
        return tfa.deleteDevices(ctx, userId);
    }

    public void forget(TenantContext ctx, String userId) {
        tfa.deleteDevices(ctx, userId);
        tfa.deleteState(ctx, userId);
    }

    private void save(TenantContext ctx, String userId, TfaState state) {
        if (!tfa.saveState(ctx, userId, state)) {
            throw DomainException.conflict("Two-factor settings changed meanwhile, please try again");
        }
    }

    private List<String> newBackupCodes() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < BACKUP_CODES; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < 8; c++) {
                code.append(BACKUP_ALPHABET.charAt(random.nextInt(BACKUP_ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    private List<String> hashes(List<String> codes) {
        return codes.stream().map(hasher::hash).toList();
    }

    static String label(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown device";
        }
        String browser = userAgent.contains("Edg/") ? "Edge" : userAgent.contains("Firefox/") ? "Firefox"
                : userAgent.contains("Chrome/") ? "Chrome" : userAgent.contains("Safari/") ? "Safari" : "Browser";
        String os = userAgent.contains("Windows") ? "Windows" : userAgent.contains("Mac OS") ? "macOS"
                : userAgent.contains("Android") ? "Android" : userAgent.contains("iPhone") || userAgent.contains("iPad") ? "iOS"
                : userAgent.contains("Linux") ? "Linux" : "unknown OS";
        return browser + " on " + os;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** {@code <tenant>.<user>.<device>.<secret>} */
    private record DeviceToken(String tenant, String userId, String deviceId, String secret) {
        static Optional<DeviceToken> parse(String cookie) {
            if (cookie == null || cookie.length() > 512) {
                return Optional.empty();
            }
            String[] parts = cookie.split("\\.");
            return parts.length == 4 && parts[3].length() >= 20 ? Optional.of(new DeviceToken(parts[0], parts[1], parts[2], parts[3])) : Optional.empty();
        }
    }
}
