package cloud.patchmon.api.auth;

import cloud.patchmon.api.auth.AuthViews.MeResponse;
import cloud.patchmon.api.auth.AuthViews.Message;
import cloud.patchmon.api.auth.AuthViews.SessionResponse;
import cloud.patchmon.api.auth.AuthViews.TenantView;
import cloud.patchmon.api.auth.AuthViews.UserView;
import cloud.patchmon.api.http.ClientAddress;
import cloud.patchmon.api.security.AccessControlInterceptor;
import cloud.patchmon.api.security.PublicEndpoint;
import cloud.patchmon.api.security.SignedIn;
import cloud.patchmon.core.auth.AuthService;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.TenantPlanService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, sign-in, refresh, sign-out and "who am I". */
@RestController
public class AuthController {

    private final AuthService auth;
    private final AuthCookies cookies;
    private final ClientAddress clientAddress;
    private final TenantPlanService plans;

    public AuthController(AuthService auth, AuthCookies cookies, ClientAddress clientAddress, TenantPlanService plans) {
        this.auth = auth;
        this.plans = plans;
        this.cookies = cookies;
        this.clientAddress = clientAddress;
    }

    public record SignupBody(String tenantName, String username, String email, String password, String firstName, String lastName) {
    }

    public record LoginBody(String username, String password, String tenant) {
    }

    public record VerifyTfaBody(String tfaToken, String token, Boolean rememberMe) {
    }

    /** The password step passed and a code is needed next. */
    public record TfaRequired(boolean requiresTfa, String tfaToken, String message) {
    }

    public record RefreshBody(String refreshToken) {
    }

    public record RegisterBody(String tenant, String username, String email, String password, String firstName, String lastName) {
    }

    @PostMapping("/api/v1/auth/signup")
    @ResponseStatus(HttpStatus.CREATED)
    @PublicEndpoint
    public SessionResponse signup(@RequestBody SignupBody body, HttpServletRequest request, HttpServletResponse response) {
        AuthService.SignedIn signedIn = auth.signup(new AuthService.SignupRequest(body.tenantName(), body.username(), body.email(),
                body.password(), body.firstName(), body.lastName()), client(request));
        cookies.set(response, signedIn);
        return session("Account created successfully", signedIn);
    }

    /** Self-registration into an organisation that allows it (Settings → Users). */
    @PostMapping("/api/v1/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    @PublicEndpoint
    public SessionResponse register(@RequestBody RegisterBody body, HttpServletRequest request, HttpServletResponse response) {
        AuthService.SignedIn signedIn = auth.register(new AuthService.RegisterRequest(body.tenant(), body.username(), body.email(),
                body.password(), body.firstName(), body.lastName()), client(request));
        cookies.set(response, signedIn);
        return session("User registered successfully", signedIn);
    }

    @PostMapping("/api/v1/auth/login")
    @PublicEndpoint
    public Object login(@RequestBody LoginBody body, HttpServletRequest request, HttpServletResponse response) {
        AuthService.SignInResult result = auth.login(new AuthService.LoginRequest(body.username(), body.password(), body.tenant()),
                client(request), AccessControlInterceptor.cookie(request, AuthCookies.DEVICE_TRUST_COOKIE));
        if (result.requiresTfa()) {
            return new TfaRequired(true, result.tfaChallenge(), "Two-factor authentication required");
        }
        cookies.set(response, result.signedIn());
        return session("Login successful", result.signedIn());
    }

    @PostMapping("/api/v1/auth/verify-tfa")
    @PublicEndpoint
    public SessionResponse verifyTfa(@RequestBody VerifyTfaBody body, HttpServletRequest request, HttpServletResponse response) {
        if (body.token() == null || body.token().isBlank()) {
            throw DomainException.invalid("token", "Verification code is required");
        }
        AuthService.TfaCompleted completed = auth.completeTfa(body.tfaToken(), body.token(), Boolean.TRUE.equals(body.rememberMe()), client(request));
        cookies.set(response, completed.signedIn());
        if (completed.deviceTrust() != null) {
            cookies.setDeviceTrust(response, completed.deviceTrust(), auth.deviceTrustLifetime(completed.signedIn().tenant().id()));
        }
        return session("Login successful", completed.signedIn());
    }

    @PostMapping("/api/v1/auth/refresh")
    @PublicEndpoint
    public SessionResponse refresh(@RequestBody(required = false) RefreshBody body, HttpServletRequest request, HttpServletResponse response) {
        String token = body != null && body.refreshToken() != null ? body.refreshToken()
                : AccessControlInterceptor.cookie(request, AuthCookies.REFRESH_COOKIE);
        if (token == null) {
            throw DomainException.unauthenticated("Refresh token required");
        }
        AuthService.SignedIn signedIn = auth.refresh(token, client(request));
        cookies.set(response, signedIn);
        return session("Token refreshed", signedIn);
    }

    /** Public so that a browser whose access token expired can still end its session. */
    @PostMapping("/api/v1/auth/logout")
    @PublicEndpoint
    public Message logout(HttpServletRequest request, HttpServletResponse response) {
        auth.logout(AccessControlInterceptor.accessToken(request), AccessControlInterceptor.cookie(request, AuthCookies.REFRESH_COOKIE));
        cookies.clear(response);
        return new Message("Logged out successfully");
    }

    @GetMapping("/api/v1/auth/me")
    @SignedIn
    public MeResponse me(AuthenticatedUser user) {
        TenantView tenant = auth.tenant(user.context()).map(TenantView::of).orElseThrow();
        return new MeResponse(UserView.of(user.user()), tenant, AuthViews.permissions(user.role()),
                AuthViews.modules(plans.modules(user.context())));
    }

    private SessionResponse session(String message, AuthService.SignedIn signedIn) {
        TenantContext ctx = new TenantContext(signedIn.tenant().id(),
                new TenantContext.Principal(TenantContext.Principal.Kind.USER, signedIn.user().id()));
        return SessionResponse.of(message, signedIn, plans.modules(ctx));
    }

    private AuthService.Client client(HttpServletRequest request) {
        return new AuthService.Client(clientAddress.of(request), request.getHeader("User-Agent"));
    }
}
