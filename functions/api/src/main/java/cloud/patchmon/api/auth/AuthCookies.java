package cloud.patchmon.api.auth;

import cloud.patchmon.api.security.AccessControlInterceptor;
import cloud.patchmon.core.auth.AuthService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletResponse;

import java.time.Clock;
import java.time.Duration;

/**
 * The browser's credentials: the access token and the refresh token in httpOnly, Secure,
 * SameSite=Strict cookies that scripts cannot read; the refresh cookie is only sent to the
 * auth routes.
 */
@Component
public class AuthCookies {

    public static final String REFRESH_COOKIE = "patchmon_refresh";
    /** The spec's "remember me" cookie; it only needs to reach the sign-in routes. */
    public static final String DEVICE_TRUST_COOKIE = "patchmon_device_trust";
    private static final String REFRESH_PATH = "/api/v1/auth";

    private final boolean secure;
    private final Clock clock;

    public AuthCookies(@Value("${patchmon.auth.cookie-secure}") boolean secure, Clock clock) {
        this.secure = secure;
        this.clock = clock;
    }

    public void set(HttpServletResponse response, AuthService.SignedIn signedIn) {
        Duration accessAge = Duration.between(clock.instant(), signedIn.access().expiresAt());
        Duration refreshAge = Duration.between(clock.instant(), signedIn.sessionExpiresAt());
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(AccessControlInterceptor.ACCESS_COOKIE, signedIn.access().token(), "/api", accessAge).toString());
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(REFRESH_COOKIE, signedIn.refreshToken(), REFRESH_PATH, refreshAge).toString());
    }

    public void setDeviceTrust(HttpServletResponse response, String value, Duration maxAge) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(DEVICE_TRUST_COOKIE, value, REFRESH_PATH, maxAge).toString());
    }

    public void clearDeviceTrust(HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(DEVICE_TRUST_COOKIE, "", REFRESH_PATH, Duration.ZERO).toString());
    }

    public void clear(HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(AccessControlInterceptor.ACCESS_COOKIE, "", "/api", Duration.ZERO).toString());
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(REFRESH_COOKIE, "", REFRESH_PATH, Duration.ZERO).toString());
    }

    private ResponseCookie cookie(String name, String value, String path, Duration maxAge) {
        return ResponseCookie.from(name, value)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Strict")
                .path(path)
                .maxAge(maxAge)
                .build();
    }
}
