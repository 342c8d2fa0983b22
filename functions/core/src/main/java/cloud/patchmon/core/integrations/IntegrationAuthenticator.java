package cloud.patchmon.core.integrations;

import cloud.patchmon.core.auth.Tokens;
import cloud.patchmon.core.enrollment.EnrollmentToken;
import cloud.patchmon.core.enrollment.EnrollmentTokenRepository;
import cloud.patchmon.core.enrollment.IpRanges;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic credentials of the Integration API (chapter 31, usage type {@code api}) and of the gethomepage widget
 * (chapter 27, {@code gethomepage}): the spec's validation steps in its order, each with its own error text.
 *
 * <p>Cost per request: the token's secret is stored as a SHA-256 (see {@code EnrollmentTokenService}), so verifying it
 * is a hash and a constant-time comparison, never a bcrypt. The key → (tenant, token) lookup never changes for a key,
 * so a warm container remembers it for {@link #LOOKUP_TTL}, like {@code AgentAuthenticator} remembers verified agent
 * keys; the token item itself is read on every request, so disabling, expiring, re-scoping or deleting a credential
 * takes effect on the next call. {@code last_used_at} is written at most once per {@link #LAST_USED_EVERY} per
 * credential and container (the spec's "Last Used" is an audit hint, shown as a relative time), so a busy integration
 * costs no write per call.
 */
public final class IntegrationAuthenticator {

    public static final String API = "api";
    public static final String GETHOMEPAGE = "gethomepage";
    static final Duration LOOKUP_TTL = Duration.ofMinutes(10);
    static final Duration LAST_USED_EVERY = Duration.ofMinutes(1);
    static final int MAX_KEY_CHARS = 100;
    static final int MAX_SECRET_CHARS = 200;
    private static final int CACHE_LIMIT = 10_000;
    private static final String BASIC = "Basic ";

    private final EnrollmentTokenRepository tokens;
    private final Clock clock;
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();

    public IntegrationAuthenticator(ItemStore store, Clock clock) {
        this.tokens = new EnrollmentTokenRepository(store);
        this.clock = clock;
    }

    /** A request's credential, resolved from valid Basic credentials; its context acts as the credential. */
    public record Credential(TenantContext context, EnrollmentToken token) {
    }

    private record Lookup(EnrollmentTokenRepository.KeyEntry entry, Instant until) {
    }

    /**
     * @param authorization   the request's {@code Authorization} header
     * @param clientIp        the client's address as {@code ClientAddress} resolved it
     * @param integrationType the usage type the route belongs to: {@link #API} or {@link #GETHOMEPAGE}
     */
    public Credential authenticate(String authorization, String clientIp, String integrationType) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            throw DomainException.unauthenticated("Missing or invalid authorization header");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw DomainException.unauthenticated("Invalid credentials format");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw DomainException.unauthenticated("Invalid credentials format");
        }
        String key = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        Credential found = find(key).orElseThrow(() -> DomainException.unauthenticated("Invalid API key"));
        EnrollmentToken token = found.token();
        Instant now = clock.instant();
        if (!token.isActive()) {
            throw DomainException.unauthenticated("API key is disabled");
        }
        if (token.expiredAt(now)) {
            throw DomainException.unauthenticated("API key has expired");
        }
        if (!integrationType.equals(token.integrationType())) {
            throw DomainException.unauthenticated("Invalid API key type");
        }
        if (secret.length() > MAX_SECRET_CHARS || !Tokens.matches(secret, token.secretHash())) {
            throw DomainException.unauthenticated("Invalid API secret");
        }
        if (!IpRanges.allows(token.allowedIpRanges(), clientIp)) {
            throw DomainException.forbidden("IP address not allowed");
        }
        recordUse(found, now);
        return found;
    }

    private Optional<Credential> find(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Lookup cached = lookups.get(key);
        EnrollmentTokenRepository.KeyEntry entry;
        if (cached != null && cached.until().isAfter(now)) {
            entry = cached.entry();
        } else {
            entry = tokens.lookup(key).orElse(null);
            if (entry == null) {
                return Optional.empty();
            }
            if (lookups.size() >= CACHE_LIMIT) {
                lookups.clear();
            }
            lookups.put(key, new Lookup(entry, now.plus(LOOKUP_TTL)));
        }
        TenantContext ctx = new TenantContext(entry.tenantId(), new TenantContext.Principal(TenantContext.Principal.Kind.API_CREDENTIAL, entry.tokenId()));
        Optional<EnrollmentToken> token = tokens.find(ctx, entry.tokenId()).filter(t -> key.equals(t.tokenKey()));
        if (token.isEmpty()) {
            lookups.remove(key);
        }
        return token.map(t -> new Credential(ctx, t));
    }

    private void recordUse(Credential credential, Instant now) {
        String id = credential.token().id();
        Instant last = lastWritten.get(id);
        if (last != null && now.isBefore(last.plus(LAST_USED_EVERY))) {
            return;
        }
        if (lastWritten.size() >= CACHE_LIMIT) {
            lastWritten.clear();
        }
        lastWritten.put(id, now);
        tokens.touch(credential.context(), id, now);
    }
}
