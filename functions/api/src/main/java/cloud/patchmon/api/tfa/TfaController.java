package cloud.patchmon.api.tfa;

import cloud.patchmon.api.auth.AuthCookies;
import cloud.patchmon.api.auth.AuthViews.Message;
import cloud.patchmon.api.security.AccessControlInterceptor;
import cloud.patchmon.api.security.SignedIn;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.tfa.TfaService;
import cloud.patchmon.core.tfa.TrustedDevice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** My Profile → Multi-Factor Authentication and Trusted Devices: each user, about themselves. */
@RestController
public class TfaController {

    private final TfaService tfa;
    private final AuthCookies cookies;

    public TfaController(TfaService tfa, AuthCookies cookies) {
        this.tfa = tfa;
        this.cookies = cookies;
    }

    public record SetupResponse(String secret, String manualEntryKey, String otpauthUrl) {
    }

    public record CodeBody(String token) {
    }

    public record PasswordBody(String password) {
    }

    public record BackupCodesResponse(String message, List<String> backupCodes) {
    }

    public record StatusResponse(boolean enabled, int backupCodesRemaining) {
    }

    public record DeviceView(String id, String label, String userAgent, String ipAddress, Instant createdAt, Instant lastUsedAt,
                             Instant expiresAt, boolean isCurrent) {
    }

    @PostMapping("/api/v1/tfa/setup")
    @SignedIn
    public SetupResponse setup(AuthenticatedUser actor) {
        TfaService.Enrolment enrolment = tfa.begin(actor);
        return new SetupResponse(enrolment.secret(), enrolment.secret(), enrolment.otpauthUrl());
    }

    @PostMapping("/api/v1/tfa/verify-setup")
    @SignedIn
    public BackupCodesResponse verifySetup(AuthenticatedUser actor, @RequestBody CodeBody body) {
        return new BackupCodesResponse("Two-factor authentication has been enabled successfully", tfa.confirm(actor, body.token()));
    }

    @PostMapping("/api/v1/tfa/disable")
    @SignedIn
    public Message disable(AuthenticatedUser actor, @RequestBody PasswordBody body, HttpServletResponse response) {
        tfa.disable(actor, body.password());
        cookies.clearDeviceTrust(response);
        return new Message("Two-factor authentication has been disabled successfully");
    }

    @GetMapping("/api/v1/tfa/status")
    @SignedIn
    public StatusResponse status(AuthenticatedUser actor) {
        TfaService.Status status = tfa.status(actor);
        return new StatusResponse(status.enabled(), status.backupCodesRemaining());
    }

    @PostMapping("/api/v1/tfa/regenerate-backup-codes")
    @SignedIn
    public BackupCodesResponse regenerate(AuthenticatedUser actor) {
        return new BackupCodesResponse("Backup codes have been regenerated successfully", tfa.regenerateBackupCodes(actor));
    }

    @GetMapping("/api/v1/auth/trusted-devices")
    @SignedIn
    public List<DeviceView> devices(AuthenticatedUser actor, HttpServletRequest request) {
        Optional<String> current = currentDevice(request);
        return tfa.devices(actor).stream().map(d -> view(d, current)).toList();
    }

    @DeleteMapping("/api/v1/auth/trusted-devices/{id}")
    @SignedIn
    public Message revoke(AuthenticatedUser actor, @PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        tfa.revokeDevice(actor, id);
        if (currentDevice(request).filter(id::equals).isPresent()) {
            cookies.clearDeviceTrust(response);
        }
        return new Message("Trusted device revoked");
    }

    @DeleteMapping("/api/v1/auth/trusted-devices")
    @SignedIn
    public Message forgetAll(AuthenticatedUser actor, HttpServletResponse response) {
        tfa.revokeAllDevices(actor.context(), actor.user().id());
        cookies.clearDeviceTrust(response);
        return new Message("All trusted devices have been revoked");
    }

    private static Optional<String> currentDevice(HttpServletRequest request) {
        return TfaService.deviceId(AccessControlInterceptor.cookie(request, AuthCookies.DEVICE_TRUST_COOKIE));
    }

    private static DeviceView view(TrustedDevice d, Optional<String> current) {
        return new DeviceView(d.id(), d.label(), d.userAgent(), d.ipAddress(), d.createdAt(), d.lastUsedAt(), d.expiresAt(),
                current.filter(d.id()::equals).isPresent());
    }
}
