package cloud.patchmon.api.roles;

import cloud.patchmon.api.auth.AuthViews.Message;
import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.rbac.BuiltInRole;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.rbac.Role;
import cloud.patchmon.core.rbac.RoleService;
import cloud.patchmon.core.realtime.UiAccess;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Settings → Roles: the permission matrix and custom roles. */
@RestController
public class RolesController {

    private final RoleService roles;
    private final UiAccess live;

    public RolesController(RoleService roles, UiAccess live) {
        this.roles = roles;
        this.live = live;
    }

    /** A role as the matrix shows it: every permission key with a tick or not. */
    public record RoleView(String name, boolean isBuiltIn, boolean isLocked, int rank, int userCount,
                           Map<String, Boolean> permissions, int permissionCount) {
        static RoleView of(Role role, int userCount) {
            Map<String, Boolean> ticks = new LinkedHashMap<>();
            for (Permission permission : Permission.values()) {
                ticks.put(permission.key(), role.permissions().contains(permission));
            }
            boolean locked = BuiltInRole.fromKey(role.name()).map(BuiltInRole::locked).orElse(false);
            return new RoleView(role.name(), role.builtIn(), locked, role.rank(), userCount, ticks, role.permissions().size());
        }
    }

    public record PermissionInfo(String key, String tier) {
    }

    public record RolesResponse(List<RoleView> roles, List<PermissionInfo> permissions, int totalPermissions, List<String> presets) {
    }

    public record RoleBody(String name, String preset, Map<String, Boolean> permissions) {
    }

    public record RoleResponse(String message, RoleView role) {
    }

    @GetMapping("/api/v1/roles")
    @RequiresPermission({Permission.CAN_MANAGE_SETTINGS, Permission.CAN_VIEW_USERS, Permission.CAN_MANAGE_USERS})
    public RolesResponse list(AuthenticatedUser actor) {
        List<RoleView> views = roles.list(actor.context()).stream().map(s -> RoleView.of(s.role(), s.userCount())).toList();
        List<PermissionInfo> permissions = java.util.Arrays.stream(Permission.values())
                .map(p -> new PermissionInfo(p.key(), p.tier().name().toLowerCase(Locale.ROOT))).toList();
        List<String> presets = java.util.Arrays.stream(RoleService.Preset.values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList();
        return new RolesResponse(views, permissions, Permission.values().length, presets);
    }

    @PostMapping("/api/v1/roles")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public RoleResponse create(AuthenticatedUser actor, @RequestBody RoleBody body) {
        Role role = roles.create(actor.context(), body.name(), permissions(body));
        return new RoleResponse("Role created successfully", RoleView.of(role, 0));
    }

    @PutMapping("/api/v1/roles/{name}")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public RoleResponse update(AuthenticatedUser actor, @PathVariable String name, @RequestBody RoleBody body) {
        Role role = roles.update(actor.context(), name, permissions(body));
        live.roleChanged(actor.context(), role.name());
        int holders = roles.list(actor.context()).stream().filter(s -> s.role().name().equals(name)).mapToInt(RoleService.RoleSummary::userCount).sum();
        return new RoleResponse("Role updated successfully", RoleView.of(role, holders));
    }

    @DeleteMapping("/api/v1/roles/{name}")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public Message delete(AuthenticatedUser actor, @PathVariable String name) {
        roles.delete(actor.context(), name);
        return new Message("Role deleted successfully");
    }

    /** A preset first, then the ticked permissions on top (an unticked key removes it). */
    private static Set<Permission> permissions(RoleBody body) {
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        List<FieldViolation> problems = new ArrayList<>();
        if (body.preset() != null) {
            RoleService.Preset.fromKey(body.preset()).ifPresentOrElse(p -> result.addAll(p.permissions()),
                    () -> problems.add(new FieldViolation("Unknown preset", "preset", "body")));
        }
        if (body.permissions() != null) {
            body.permissions().forEach((key, granted) -> Permission.fromKey(key).ifPresentOrElse(p -> {
                if (Boolean.TRUE.equals(granted)) {
                    result.add(p);
                } else {
                    result.remove(p);
                }
            }, () -> problems.add(new FieldViolation("Unknown permission: " + key, "permissions", "body"))));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        return result;
    }
}
