package cloud.patchmon.api.users;

import cloud.patchmon.api.auth.AuthViews.Message;
import cloud.patchmon.api.auth.AuthViews.UserView;
import cloud.patchmon.api.security.SignedIn;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.users.UserService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Settings → My Profile: any signed-in user, about themselves only. */
@RestController
public class ProfileController {

    private final UserService users;

    public ProfileController(UserService users) {
        this.users = users;
    }

    public record ProfileBody(String firstName, String lastName, String email, String themePreference) {
    }

    public record PasswordBody(String currentPassword, String newPassword) {
    }

    public record ProfileResponse(String message, UserView user) {
    }

    @GetMapping("/api/v1/profile")
    @SignedIn
    public UserView get(AuthenticatedUser actor) {
        return UserView.of(users.get(actor, actor.user().id()));
    }

    @PutMapping("/api/v1/profile")
    @SignedIn
    public ProfileResponse update(AuthenticatedUser actor, @RequestBody ProfileBody body) {
        var user = users.updateProfile(actor, new UserService.ProfileChanges(body.firstName(), body.lastName(), body.email(), body.themePreference()));
        return new ProfileResponse("Profile updated successfully", UserView.of(user));
    }

    @PutMapping("/api/v1/profile/password")
    @SignedIn
    public Message changePassword(AuthenticatedUser actor, @RequestBody PasswordBody body) {
        users.changePassword(actor, body.currentPassword(), body.newPassword());
        return new Message("Password changed successfully");
    }
}
