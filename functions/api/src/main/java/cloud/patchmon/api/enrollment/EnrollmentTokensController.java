package cloud.patchmon.api.enrollment;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.enrollment.EnrollmentToken;
import cloud.patchmon.core.enrollment.EnrollmentTokenService;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.users.User;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Settings → Integrations → Auto-Enrollment & API: token management (chapter 30, admin endpoints). */
@RestController
public class EnrollmentTokensController {

    private final EnrollmentTokenService tokens;

    public EnrollmentTokensController(EnrollmentTokenService tokens) {
        this.tokens = tokens;
    }

    public record GroupView(String id, String name, String color) {
        static GroupView of(HostGroup group) {
            return group == null ? null : new GroupView(group.id(), group.name(), group.color());
        }
    }

    public record UserView(String id, String username, String firstName, String lastName) {
        static UserView of(User user) {
            return user == null ? null : new UserView(user.id(), user.username(), user.firstName(), user.lastName());
        }
    }

    /** A token as lists show it; {@code host_groups} and {@code users} are the spec's names for its group and creator. */
    public record TokenView(String id, String tokenName, String tokenKey, @JsonProperty("is_active") boolean isActive,
                            List<String> allowedIpRanges, int maxHostsPerDay, long hostsCreatedToday, Instant lastUsedAt,
                            Instant expiresAt, Instant createdAt, String defaultHostGroupId, Map<String, Object> metadata,
                            Map<String, Object> scopes, GroupView hostGroups, UserView users) {
        static TokenView of(EnrollmentTokenService.TokenDetails d) {
            EnrollmentToken t = d.token();
            return new TokenView(t.id(), t.tokenName(), t.tokenKey(), t.isActive(), t.allowedIpRanges(), t.maxHostsPerDay(),
                    d.hostsCreatedToday(), d.lastUsedAt(), t.expiresAt(), t.createdAt(), t.defaultHostGroupId(), t.metadata(), t.scopes(),
                    GroupView.of(d.defaultHostGroup()), UserView.of(d.createdBy()));
        }
    }

    /** The creation answer: the only place the secret ever appears. */
    public record CreatedToken(String id, String tokenName, String tokenKey, String tokenSecret, @JsonProperty("is_active") boolean isActive,
                               List<String> allowedIpRanges, int maxHostsPerDay, GroupView defaultHostGroup, UserView createdBy,
                               Instant expiresAt, Instant createdAt, Map<String, Object> metadata, Map<String, Object> scopes) {
    }

    public record CreatedResponse(String message, CreatedToken token, String warning) {
    }

    public record UpdatedResponse(String message, TokenView token) {
    }

    public record DeletedToken(String id, String tokenName) {
    }

    public record DeletedResponse(String message, DeletedToken deletedToken) {
    }

    public record CreateBody(String tokenName, Integer maxHostsPerDay, String defaultHostGroupId, List<String> allowedIpRanges,
                             String expiresAt, Map<String, Object> metadata, Map<String, Object> scopes) {
    }

    public record UpdateBody(String tokenName, @JsonProperty("is_active") Boolean isActive, Integer maxHostsPerDay,
                             List<String> allowedIpRanges, String defaultHostGroupId, String expiresAt, Map<String, Object> scopes) {
    }

    @PostMapping("/api/v1/auto-enrollment/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public CreatedResponse create(AuthenticatedUser actor, @RequestBody CreateBody body) {
        EnrollmentTokenService.Created created = tokens.create(actor.context(), actor.user().id(), new EnrollmentTokenService.NewToken(
                body.tokenName(), body.maxHostsPerDay(), body.defaultHostGroupId(), body.allowedIpRanges(), body.expiresAt(),
                body.metadata(), body.scopes()));
        EnrollmentToken t = created.details().token();
        CreatedToken token = new CreatedToken(t.id(), t.tokenName(), t.tokenKey(), created.secret(), t.isActive(), t.allowedIpRanges(),
                t.maxHostsPerDay(), GroupView.of(created.details().defaultHostGroup()), UserView.of(created.details().createdBy()),
                t.expiresAt(), t.createdAt(), t.metadata(), t.scopes());
        return new CreatedResponse("Auto-enrollment token created successfully", token,
                "Save the token_secret now - it cannot be retrieved later!");
    }

    @GetMapping("/api/v1/auto-enrollment/tokens")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public List<TokenView> list(AuthenticatedUser actor) {
        return tokens.list(actor.context()).stream().map(TokenView::of).toList();
    }

    @GetMapping("/api/v1/auto-enrollment/tokens/{tokenId}")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public TokenView get(AuthenticatedUser actor, @PathVariable String tokenId) {
        return TokenView.of(tokens.get(actor.context(), tokenId));
    }

    @PatchMapping("/api/v1/auto-enrollment/tokens/{tokenId}")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public UpdatedResponse update(AuthenticatedUser actor, @PathVariable String tokenId, @RequestBody UpdateBody body) {
        EnrollmentTokenService.TokenDetails updated = tokens.update(actor.context(), tokenId, new EnrollmentTokenService.Changes(
                body.tokenName(), body.isActive(), body.maxHostsPerDay(), body.allowedIpRanges(), body.defaultHostGroupId(),
                body.expiresAt(), body.scopes()));
        return new UpdatedResponse("Token updated successfully", TokenView.of(updated));
    }

    @DeleteMapping("/api/v1/auto-enrollment/tokens/{tokenId}")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public DeletedResponse delete(AuthenticatedUser actor, @PathVariable String tokenId) {
        EnrollmentToken deleted = tokens.delete(actor.context(), tokenId);
        return new DeletedResponse("Auto-enrollment token deleted successfully", new DeletedToken(deleted.id(), deleted.tokenName()));
    }
}
