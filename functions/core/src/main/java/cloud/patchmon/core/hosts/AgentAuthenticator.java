package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.auth.Tokens;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves an agent's {@code X-API-ID}/{@code X-API-KEY} to its host and tenant.
 *
 * <p>bcrypt on every check-in is one of upstream's known pain points (tens of milliseconds of
 * CPU per request, every minute, per host). A warm container therefore remembers, for
 * {@link #CACHE_TTL}, the SHA-256 of a key it has verified together with the bcrypt hash it was
 * verified against: the next request costs a SHA-256 and the host read it needs anyway. Any
 * change of the stored hash (regenerated credentials) or API ID misses the cache, so a retired
 * key stops working at once; a wrong key never enters the cache.
 */
public final class AgentAuthenticator {

    static final Duration CACHE_TTL = Duration.ofMinutes(10);
    private static final int CACHE_LIMIT = 10_000;

    private final HostRepository hosts;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public AgentAuthenticator(ItemStore store, PasswordHasher hasher, Clock clock) {
        this.hosts = new HostRepository(store);
        this.hasher = hasher;
        this.clock = clock;
    }

    /** A request's host, resolved from valid credentials. */
    public record AuthenticatedHost(TenantContext context, Host host) {
    }

    private record Verified(String storedHash, String keyDigest, Instant until) {
    }

    public AuthenticatedHost authenticate(String apiId, String apiKey) {
        if (apiId == null || apiId.isBlank() || apiKey == null || apiKey.isBlank()) {
            throw DomainException.unauthenticated("API credentials required");
        }
        if (apiId.length() > 64 || apiKey.length() > 128) {
            throw DomainException.unauthenticated("Invalid API credentials");
        }
        HostRepository.ApiIdEntry entry = hosts.apiId(apiId).orElse(null);
        if (entry == null) {
            hasher.burn(apiKey);
            throw DomainException.unauthenticated("Invalid API credentials");
        }
        TenantContext ctx = new TenantContext(entry.tenantId(), new TenantContext.Principal(TenantContext.Principal.Kind.HOST, entry.hostId()));
        Host host = hosts.find(ctx, entry.hostId()).filter(h -> apiId.equals(h.apiId()))
                .orElseThrow(() -> DomainException.unauthenticated("Invalid API credentials"));
        if (!keyMatches(apiId, apiKey, host.apiKeyHash())) {
            throw DomainException.unauthenticated("Invalid API credentials");
        }
        return new AuthenticatedHost(ctx, host);
    }

    private boolean keyMatches(String apiId, String apiKey, String storedHash) {
        Instant now = clock.instant();
        String digest = Tokens.sha256(apiKey);
        Verified cached = verified.get(apiId);
        if (cached != null && cached.until().isAfter(now) && cached.storedHash().equals(storedHash)) {
            return Tokens.matches(apiKey, cached.keyDigest());
        }
        if (!hasher.matches(apiKey, storedHash)) {
            return false;
        }
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(apiId, new Verified(storedHash, digest, now.plus(CACHE_TTL)));
        return true;
    }
}
