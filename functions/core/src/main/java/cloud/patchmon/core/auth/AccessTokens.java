package cloud.patchmon.core.auth;

import cloud.patchmon.core.tenancy.TenantId;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived HS256 JWT access tokens naming tenant, user and session. A valid signature is not
 * enough to be let in: the session must still exist (revocation), which the caller checks.
 */
public final class AccessTokens {

    private static final String ISSUER = "patchmon-cloud";
    private static final String ACCESS = "access";
    private static final String TFA_CHALLENGE = "tfa_challenge";
    public static final int MIN_SECRET_BYTES = 32;

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;
    private final Duration ttl;

    public AccessTokens(String secret, Clock clock, Duration ttl) {
        byte[] key = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes (PATCHMON_JWT_SECRET)");
        }
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable JWT secret", e);
        }
        this.clock = clock;
        this.ttl = ttl;
    }

    /** What a valid token says. */
    public record Claims(TenantId tenantId, String userId, String sessionId, Instant expiresAt) {
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(TenantId tenant, String userId, String sessionId) {
        return sign(tenant, userId, sessionId, ACCESS, ttl);
    }

    /**
     * A five-minute proof that the password step of a sign-in succeeded; only the 2FA step
     * accepts it, never as an access token.
     */
    public Issued issueTfaChallenge(TenantId tenant, String userId) {
        return sign(tenant, userId, "tfa", TFA_CHALLENGE, Duration.ofMinutes(5));
    }

    public Optional<Claims> verifyTfaChallenge(String token) {
        return verify(token, TFA_CHALLENGE);
    }

    private Issued sign(TenantId tenant, String userId, String sessionId, String type, Duration lifetime) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId)
                .claim("tid", tenant.value())
                .claim("sid", sessionId)
                .claim("typ", type)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
        return new Issued(jwt.serialize(), expires);
    }

    /** @return the claims of a well-formed, correctly signed, unexpired access token of this issuer */
    public Optional<Claims> verify(String token) {
        return verify(token, ACCESS);
    }

    private Optional<Claims> verify(String token, String expectedType) {
        if (token == null || token.isBlank() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || !expectedType.equals(claims.getStringClaim("typ"))
                    || expiry == null || !expiry.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            String tenant = claims.getStringClaim("tid");
            String session = claims.getStringClaim("sid");
            if (tenant == null || session == null || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(new Claims(new TenantId(tenant), claims.getSubject(), session, expiry.toInstant()));
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
