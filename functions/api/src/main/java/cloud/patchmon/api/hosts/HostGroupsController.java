package cloud.patchmon.api.hosts;

import cloud.patchmon.api.auth.AuthViews.Message;
import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.hosts.HostGroupService;
import cloud.patchmon.core.rbac.Permission;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * Settings → Host Groups (chapter 5): managing groups needs can_manage_settings; reading them
 * (filters, pickers) any host or settings permission.
 */
@RestController
public class HostGroupsController {

    private final HostGroupService groups;

    public HostGroupsController(HostGroupService groups) {
        this.groups = groups;
    }

    public record GroupView(String id, String name, String description, String color, Instant createdAt, Instant updatedAt, int hostCount) {
        static GroupView of(HostGroup g, int hostCount) {
            return new GroupView(g.id(), g.name(), g.description(), g.color(), g.createdAt(), g.updatedAt(), hostCount);
        }

        static GroupView of(HostGroupService.GroupSummary s) {
            return of(s.group(), s.hostCount());
        }
    }

    public record GroupBody(String name, String description, String color) {
    }

    @GetMapping("/api/v1/host-groups")
    @RequiresPermission({Permission.CAN_VIEW_HOSTS, Permission.CAN_MANAGE_HOSTS, Permission.CAN_MANAGE_SETTINGS})
    public List<GroupView> list(AuthenticatedUser actor) {
        return groups.list(actor.context()).stream().map(GroupView::of).toList();
    }

    @GetMapping("/api/v1/host-groups/{id}")
    @RequiresPermission({Permission.CAN_VIEW_HOSTS, Permission.CAN_MANAGE_HOSTS, Permission.CAN_MANAGE_SETTINGS})
    public GroupView get(AuthenticatedUser actor, @PathVariable String id) {
        return GroupView.of(groups.get(actor.context(), id));
    }

    @PostMapping("/api/v1/host-groups")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public GroupView create(AuthenticatedUser actor, @RequestBody GroupBody body) {
        return GroupView.of(groups.create(actor.context(), body.name(), body.description(), body.color()), 0);
    }

    @PutMapping("/api/v1/host-groups/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public GroupView update(AuthenticatedUser actor, @PathVariable String id, @RequestBody GroupBody body) {
        groups.update(actor.context(), id, body.name(), body.description(), body.color());
        return GroupView.of(groups.get(actor.context(), id));
    }

    @DeleteMapping("/api/v1/host-groups/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_SETTINGS)
    public Message delete(AuthenticatedUser actor, @PathVariable String id) {
        groups.delete(actor.context(), id);
        return new Message("Host group deleted successfully");
    }
}
