package cloud.patchmon.core.enrollment;

import cloud.patchmon.core.auth.AuthSettings;
import cloud.patchmon.core.auth.Tokens;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.hosts.HostGroupRepository;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.ratelimit.WindowLimiter;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.Directory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Enrolment with an auto-enrollment token (chapters 29 and 30): the token's checks in the spec's
 * order, the daily limit, and hosts created through {@link HostService} in the token's tenant.
 * There is deliberately no duplicate check: the spec leaves that to the scripts.
 *
 * <p>Failed credential checks count against the server's authentication rate limit per client
 * IP; past it, that IP's bad attempts get 429 instead of 401. Only failures count, so a Proxmox
 * run enrolling hundreds of containers with a valid token is never slowed.
 */
public final class AutoEnrollmentService {

    public static final int MAX_BULK = 50;
    /** The usage types that enrol hosts; an {@code api} or {@code gethomepage} credential is refused here like an unknown one. */
    static final Set<String> ENROLLING_TYPES = Set.of("proxmox-lxc", "direct-host");
    static final int MAX_KEY_CHARS = 100;
    static final int MAX_SECRET_CHARS = 200;

    private final EnrollmentTokenRepository tokens;
    private final HostGroupRepository groups;
    private final HostService hosts;
    private final Clock clock;
    private static final TenantContext RATE_CTX = TenantContext.system(Directory.SYSTEM, "auto-enrollment");

    private final WindowLimiter failures;
    private final ObjectMapper json = Json.newMapper();

    public AutoEnrollmentService(ItemStore store, HostService hosts, AuthSettings settings, Clock clock) {
        this.tokens = new EnrollmentTokenRepository(store);
        this.groups = new HostGroupRepository(store);
        this.hosts = hosts;
        this.clock = clock;
        this.failures = new WindowLimiter(store, clock, settings.authRequestsPerWindow(), settings.authWindow(),
                "Too many authentication attempts, please try again later.");
    }

    /** A request's token, resolved from valid credentials; its context acts as the token. */
    public record AuthenticatedToken(TenantContext context, EnrollmentToken token) {
    }

    public record Enrollment(String friendlyName, String machineId, Map<String, Object> metadata) {
    }

    /** A created host with its plaintext API key (shown once) and the group it joined, if any. */
    public record Enrolled(HostService.Credentials credentials, HostGroup group) {
    }

    public record Failure(String friendlyName, String error) {
    }

    public record BulkResult(List<Enrolled> success, List<Failure> failed, List<Failure> skipped) {
    }

    /** The token checks of the script download: credentials, active, secret, expiry. */
    public AuthenticatedToken verify(String tokenKey, String tokenSecret, String clientIp) {
        try {
            return checkCredentials(tokenKey, tokenSecret);
        } catch (DomainException refused) {
            throw counted(refused, clientIp);
        }
    }

    /** The checks of the enrolment endpoints: {@link #verify} plus the token's IP allow-list. */
    public AuthenticatedToken authenticate(String tokenKey, String tokenSecret, String clientIp) {
        AuthenticatedToken token = verify(tokenKey, tokenSecret, clientIp);
        if (!IpRanges.allows(token.token().allowedIpRanges(), clientIp)) {
            throw counted(DomainException.forbidden("IP address not authorized for this token"), clientIp);
        }
        return token;
    }

    private DomainException counted(DomainException refused, String clientIp) {
        failures.acquire(RATE_CTX, "RATE#enroll", clientIp == null ? "unknown" : clientIp);
        return refused;
    }

    private AuthenticatedToken checkCredentials(String tokenKey, String tokenSecret) {
        if (tokenKey == null || tokenKey.isBlank() || tokenSecret == null || tokenSecret.isBlank()) {
            throw DomainException.unauthenticated("Auto-enrollment credentials required");
        }
        if (tokenKey.length() > MAX_KEY_CHARS || tokenSecret.length() > MAX_SECRET_CHARS) {
            throw DomainException.unauthenticated("Invalid or inactive token");
        }
        EnrollmentTokenRepository.KeyEntry entry = tokens.lookup(tokenKey)
                .orElseThrow(() -> DomainException.unauthenticated("Invalid or inactive token"));
        TenantContext ctx = new TenantContext(entry.tenantId(),
                new TenantContext.Principal(TenantContext.Principal.Kind.ENROLLMENT_TOKEN, entry.tokenId()));
        EnrollmentToken token = tokens.find(ctx, entry.tokenId())
                .filter(t -> tokenKey.equals(t.tokenKey()) && t.isActive())
                .filter(t -> t.integrationType() == null || ENROLLING_TYPES.contains(t.integrationType()))
                .orElseThrow(() -> DomainException.unauthenticated("Invalid or inactive token"));
        if (!Tokens.matches(tokenSecret, token.secretHash())) {
            throw DomainException.unauthenticated("Invalid token secret");
        }
        if (token.expiredAt(clock.instant())) {
            throw DomainException.unauthenticated("Token expired");
        }
        return new AuthenticatedToken(ctx, token);
    }

    public Enrolled enroll(AuthenticatedToken auth, Enrollment request) {
        List<FieldViolation> problems = check(request);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Instant now = clock.instant();
        String day = EnrollmentDay.of(now);
        reserve(auth, day, 1, now);
        try {
            return create(auth, request, now);
        } catch (RuntimeException e) {
            tokens.refund(auth.context(), auth.token().id(), day, 1);
            throw e;
        }
    }

    /** Up to {@link #MAX_BULK} hosts; an invalid entry fails alone, the daily limit must fit the valid ones. */
    public BulkResult enrollBulk(AuthenticatedToken auth, List<Enrollment> requests) {
        if (requests == null || requests.isEmpty() || requests.size() > MAX_BULK) {
            throw DomainException.invalid("hosts", "Between 1 and " + MAX_BULK + " hosts are required");
        }
        List<Failure> failed = new ArrayList<>();
        List<Enrollment> valid = new ArrayList<>();
        for (Enrollment request : requests) {
            List<FieldViolation> problems = request == null ? List.of(new FieldViolation("Invalid host", "hosts", "body")) : check(request);
            if (problems.isEmpty()) {
                valid.add(request);
            } else {
                failed.add(new Failure(request == null ? null : request.friendlyName(), problems.get(0).msg()));
            }
        }
        Instant now = clock.instant();
        String day = EnrollmentDay.of(now);
        List<Enrolled> success = new ArrayList<>();
        if (!valid.isEmpty()) {
            reserve(auth, day, valid.size(), now);
            for (Enrollment request : valid) {
                try {
                    success.add(create(auth, request, now));
                } catch (RuntimeException e) {
                    tokens.refund(auth.context(), auth.token().id(), day, 1);
                    failed.add(new Failure(request.friendlyName(), e instanceof DomainException d ? d.getMessage() : "Failed to create host"));
                }
            }
        }
        return new BulkResult(success, failed, List.of());
    }

    private void reserve(AuthenticatedToken auth, String day, int count, Instant now) {
        EnrollmentToken token = auth.token();
        if (tokens.count(auth.context(), token.id(), day, count, token.maxHostsPerDay(), now).isPresent()) {
            return;
        }
        Duration untilReset = Duration.between(now, EnrollmentDay.nextMidnight(now));
        if (count == 1) {
            throw DomainException.rateLimited("Rate limit exceeded", "Maximum " + token.maxHostsPerDay() + " hosts per day allowed for this token", untilReset);
        }
        long used = tokens.usage(auth.context(), token.id()).map(u -> u.countOn(day)).orElse(0L);
        long remaining = Math.max(0, token.maxHostsPerDay() - used);
        throw DomainException.rateLimited("Rate limit exceeded", "Only " + remaining + " hosts remaining in daily quota", untilReset);
    }

    private Enrolled create(AuthenticatedToken auth, Enrollment request, Instant now) {
        EnrollmentToken token = auth.token();
        // A default group deleted since the token was made is dropped, not an error the script cannot fix.
        Optional<HostGroup> group = token.defaultHostGroupId() == null ? Optional.empty() : groups.find(auth.context(), token.defaultHostGroupId());
        String notes = "Auto-enrolled via " + token.tokenName() + " on " + now
                + (request.machineId() == null || request.machineId().isBlank() ? "" : " (machine ID " + request.machineId().trim() + ")");
        HostService.Credentials created = hosts.create(auth.context(), new HostService.NewHost(request.friendlyName().trim(), "linux",
                group.map(g -> List.of(g.id())).orElse(List.of()), false, false), notes);
        return new Enrolled(created, group.orElse(null));
    }

    private List<FieldViolation> check(Enrollment request) {
        List<FieldViolation> problems = new ArrayList<>();
        String name = request.friendlyName() == null ? "" : request.friendlyName().trim();
        if (name.isEmpty() || name.length() > 255) {
            problems.add(new FieldViolation("Friendly name is required (max 255 characters)", "friendly_name", "body"));
        }
        if (request.machineId() != null && request.machineId().length() > 255) {
            problems.add(new FieldViolation("Machine ID must be at most 255 characters", "machine_id", "body"));
        }
        if (request.metadata() != null && tooLarge(request.metadata())) {
            problems.add(new FieldViolation("Metadata must be at most " + EnrollmentTokenService.MAX_JSON_CHARS + " characters of JSON",
                    "metadata", "body"));
        }
        return problems;
    }

    private boolean tooLarge(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value).length() > EnrollmentTokenService.MAX_JSON_CHARS;
        } catch (JsonProcessingException e) {
            return true;
        }
    }
}
