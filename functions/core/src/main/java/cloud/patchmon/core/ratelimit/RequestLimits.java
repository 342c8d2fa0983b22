package cloud.patchmon.core.ratelimit;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request limits of the API, counted in the store ({@link FixedWindows}). Every request is
 * counted once, in one of these buckets:
 * <ul>
 *   <li><b>auth</b>, per client IP, server-wide: sign-in, sign-up, refresh, 2FA and the other
 *       {@code /auth} routes, where no tenant is known yet (or the point is to stop guessing it);</li>
 *   <li><b>key guesses</b>, per client IP and key id, server-wide, with the auth limit: requests refused for a wrong
 *       agent, enrolment or integration key. Once used up, that key id is refused from that IP before its secret is
 *       checked (no bcrypt), while other keys from the same address (a NAT'ed site whose deleted hosts' agents keep
 *       calling with stale keys) and the sign-in routes are unaffected;</li>
 *   <li><b>anonymous</b>, per client IP, server-wide: the other routes without a credential
 *       (install script, bootstrap exchange, agent download);</li>
 *   <li><b>tenant general</b>, per tenant and client IP: signed-in users, enrolment tokens, API keys,
 *       with the tenant's own limit;</li>
 *   <li><b>agent</b>, per tenant and agent credential, with the tenant's own limit.</li>
 * </ul>
 * A tenant's counters live in its own partitions, so one tenant's traffic never uses up another's.
 * Tenants' settings are read through a short per-container cache: a change is seen at once by the
 * container that made it and within {@link #SETTINGS_TTL} by the others.
 */
public final class RequestLimits {

    /** The server-wide limits that apply before a tenant is known, and the tenants' defaults. */
    public record ServerLimits(Limit auth, Limit anonymous, RateLimits tenantDefaults) {

        public static final Limit AUTH = Limit.of(500, Duration.ofMinutes(10));

        public static ServerLimits defaults() {
            return new ServerLimits(AUTH, RateLimits.GENERAL, RateLimits.defaults());
        }
    }

    public static final String GENERAL_REFUSAL = "Too many requests from this IP, please try again later.";
    public static final String AUTH_REFUSAL = "Too many authentication requests, please try again later.";
    public static final String AGENT_REFUSAL = "Too many agent requests, please try again later.";

    static final Duration SETTINGS_TTL = Duration.ofSeconds(30);
    private static final int SETTINGS_CACHED = 1_000;
    private static final TenantContext SERVER = TenantContext.system(Directory.SYSTEM, "rate-limit");

    private record Cached(RateLimits limits, Instant until) {
    }

    private final FixedWindows windows;
    private final RateLimitRepository repository;
    private final ServerLimits server;
    private final Clock clock;
    private final Map<TenantId, Cached> settings = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TenantId, Cached> eldest) {
            return size() > SETTINGS_CACHED;
        }
    };

    public RequestLimits(ItemStore store, Clock clock, ServerLimits server) {
        this.windows = new FixedWindows(store, clock);
        this.repository = new RateLimitRepository(store);
        this.server = server;
        this.clock = clock;
    }

    public ServerLimits server() {
        return server;
    }

    /** Counts a request to an {@code /auth} route from {@code clientIp}. */
    public void auth(String clientIp) {
        count(SERVER, "RATE#auth#" + subject(clientIp), server.auth(), AUTH_REFUSAL);
    }

    /**
     * Counts a request refused for its key {@code keyId} (agent API id, enrolment or integration token key) from
     * {@code clientIp}.
     *
     * @throws DomainException 429 once that key's guesses from that address have used up the auth limit
     */
    public void failedKey(String clientIp, String keyId) {
        count(SERVER, keyGuesses(clientIp, keyId), server.auth(), AUTH_REFUSAL);
    }

    /**
     * Refuses, from this container's memory only (no store access, so an accepted key's request costs nothing), a key
     * whose guesses from {@code clientIp} are known to have used up the auth limit.
     *
     * @throws DomainException 429 when known to be over the limit
     */
    public void refuseExhaustedKey(String clientIp, String keyId) {
        windows.knownRefusal(SERVER, keyGuesses(clientIp, keyId), "W", server.auth()).ifPresent(outcome -> {
            throw DomainException.rateLimited(AUTH_REFUSAL, null, outcome.retryAfter());
        });
    }

    private static String keyGuesses(String clientIp, String keyId) {
        // Key ids are bounded so a client cannot make counter keys of any length.
        String id = keyId == null ? "" : keyId.length() > 128 ? keyId.substring(0, 128) : keyId;
        return "RATE#key#" + subject(clientIp) + "#" + subject(id);
    }

    /** Counts a request without a credential from {@code clientIp}. */
    public void anonymous(String clientIp) {
        count(SERVER, "RATE#ip#" + subject(clientIp), server.anonymous(), GENERAL_REFUSAL);
    }

    /** Counts a request of the tenant's users or keys from {@code clientIp}. */
    public void tenantClient(TenantContext ctx, String clientIp) {
        count(ctx, "RATE#ip#" + subject(clientIp), limits(ctx).general(), GENERAL_REFUSAL);
    }

    /**
     * Counts a request of one agent credential of the tenant, in batches per container ({@link FixedWindows#hitBatched}):
     * a check-in must stay at its two writes, and an agent misbehaving enough to matter passes a batch in seconds.
     */
    public void agent(TenantContext ctx, String credential) {
        FixedWindows.Outcome outcome = windows.hitBatched(ctx, "RATE#agent#" + subject(credential), "W", limits(ctx).agent());
        if (!outcome.allowed()) {
            throw DomainException.rateLimited(AGENT_REFUSAL, null, outcome.retryAfter());
        }
    }

    /** The tenant's limits: its saved ones, else the server's defaults. */
    public RateLimits limits(TenantContext ctx) {
        Instant now = clock.instant();
        synchronized (settings) {
            Cached cached = settings.get(ctx.tenantId());
            if (cached != null && now.isBefore(cached.until())) {
                return cached.limits();
            }
        }
        RateLimits limits = repository.find(ctx).orElse(server.tenantDefaults());
        remember(ctx, limits, now);
        return limits;
    }

    /** Saves the tenant's limits; this container applies them from the next request. */
    public RateLimits update(TenantContext ctx, RateLimits limits) {
        repository.save(ctx, limits);
        remember(ctx, limits, clock.instant());
        return limits;
    }

    private void remember(TenantContext ctx, RateLimits limits, Instant now) {
        synchronized (settings) {
            settings.put(ctx.tenantId(), new Cached(limits, now.plus(SETTINGS_TTL)));
        }
    }

    private void count(TenantContext ctx, String partition, Limit limit, String refusal) {
        FixedWindows.Outcome outcome = windows.hit(ctx, partition, "W", limit);
        if (!outcome.allowed()) {
            throw DomainException.rateLimited(refusal, null, outcome.retryAfter());
        }
    }

    private static String subject(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
