package cloud.patchmon.api.users;

import cloud.patchmon.api.auth.AuthViews.Message;
import cloud.patchmon.api.auth.AuthViews.UserView;
import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.realtime.UiAccess;
import cloud.patchmon.core.users.UserService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Settings → Users. An edit or deletion also ends the user's live subscriptions their account no longer allows. */
@RestController
public class UsersController {

    private final UserService users;
    private final UiAccess live;

    public UsersController(UserService users, UiAccess live) {
        this.users = users;
        this.live = live;
    }

    public record CreateBody(String username, String email, String password, String firstName, String lastName, String role) {
    }

    public record UpdateBody(String username, String email, String firstName, String lastName, String role, Boolean isActive) {
    }

    public record ResetBody(String newPassword) {
    }

    public record UserResponse(String message, UserView user) {
    }

    @GetMapping("/api/v1/users")
    @RequiresPermission({Permission.CAN_VIEW_USERS, Permission.CAN_MANAGE_USERS})
    public List<UserView> list(AuthenticatedUser actor) {
        return users.list(actor).stream().map(UserView::of).toList();
    }

    @GetMapping("/api/v1/users/{id}")
    @RequiresPermission({Permission.CAN_VIEW_USERS, Permission.CAN_MANAGE_USERS})
    public UserView get(AuthenticatedUser actor, @PathVariable String id) {
        return UserView.of(users.get(actor, id));
    }

    @PostMapping("/api/v1/users")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_USERS)
    public UserResponse create(AuthenticatedUser actor, @RequestBody CreateBody body) {
        var user = users.create(actor, new UserService.NewUser(body.username(), body.email(), body.password(), body.firstName(), body.lastName(), body.role()));
        return new UserResponse("User created successfully", UserView.of(user));
    }

    @PutMapping("/api/v1/users/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_USERS)
    public UserResponse update(AuthenticatedUser actor, @PathVariable String id, @RequestBody UpdateBody body) {
        var user = users.update(actor, id, new UserService.Changes(body.username(), body.email(), body.firstName(), body.lastName(), body.role(), body.isActive()));
        live.userChanged(actor.context(), user.id());
        return new UserResponse("User updated successfully", UserView.of(user));
    }

    @PostMapping("/api/v1/users/{id}/reset-password")
    @RequiresPermission(Permission.CAN_MANAGE_USERS)
    public Message resetPassword(AuthenticatedUser actor, @PathVariable String id, @RequestBody ResetBody body) {
        users.resetPassword(actor, id, body.newPassword());
        return new Message("Password reset successfully");
    }

    @DeleteMapping("/api/v1/users/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_USERS)
    public Message delete(AuthenticatedUser actor, @PathVariable String id) {
        users.delete(actor, id);
        live.userChanged(actor.context(), id);
        return new Message("User deleted successfully");
    }
}
