package cloud.patchmon.api.hosts;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.hosts.HostGroupService;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.HostStatus;
import cloud.patchmon.core.health.HostDown;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.rbac.Permission;
import cloud.patchmon.core.realtime.AgentCommands;
import cloud.patchmon.core.realtime.AgentConnection;
import cloud.patchmon.core.realtime.AgentConnections;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Hosts page, the Add Host wizard's record and Host Detail's inline edits (chapters 3 and 4). */
@RestController
public class HostsController {

    private final HostService hosts;
    private final HostGroupService groups;
    private final AgentConnections connections;
    private final AgentCommands commands;
    private final HostHealth health;

    public HostsController(HostService hosts, HostGroupService groups, AgentConnections connections, AgentCommands commands, HostHealth health) {
        this.hosts = hosts;
        this.health = health;
        this.groups = groups;
        this.connections = connections;
        this.commands = commands;
    }

    public record GroupChip(String id, String name, String color) {
    }

    /**
     * A host as the Hosts list and Host Detail show it. {@code status} is the stored lifecycle (pending, active);
     * {@code effective_status} adds staleness (inactive), as upstream's {@code effectiveStatus}; the update counts use
     * the Integration API's names (chapter 31).
     */
    public record HostView(String id, String friendlyName, String hostname, String ip, String osFamily, String osType, String osVersion,
                           String architecture, String status, String effectiveStatus, @JsonProperty("is_stale") boolean stale,
                           String apiId, String agentVersion, boolean needsReboot,
                           boolean dockerEnabled, boolean complianceEnabled, List<GroupChip> hostGroups, String notes,
                           int updatesCount, int securityUpdatesCount, int totalPackages, String primaryInterface,
                           Instant lastUpdate, Instant createdAt, Instant updatedAt,
                           boolean connected, Boolean connectionSecure, Instant connectedAt,
                           @JsonProperty("is_down") boolean down, Instant downSince, String downReason) {
        /**
         * @param connection the agent's live WebSocket connection, {@code null} when it has none
         * @param down       the host's raised {@code host_down}, {@code null} when it is up
         */
        static HostView of(Host h, HostStatus status, Map<String, HostGroup> groups, AgentConnection connection, HostDown down) {
            List<GroupChip> chips = h.groupIds().stream().map(groups::get).filter(g -> g != null)
                    .map(g -> new GroupChip(g.id(), g.name(), g.color())).toList();
            return new HostView(h.id(), h.friendlyName(), h.hostname(), h.ip(), h.osFamily(), h.osType(), h.osVersion(), h.architecture(),
                    h.status(), status.effective(), status.stale(), h.apiId(), h.agentVersion(), h.needsReboot(), h.dockerEnabled(),
                    h.complianceEnabled(), chips, h.notes(), h.counts().outdated(), h.counts().security(), h.counts().total(),
                    h.primaryInterface(), h.lastUpdate(), h.createdAt(), h.updatedAt(),
                    connection != null, connection == null ? null : connection.secure(), connection == null ? null : connection.connectedAt(),
                    down != null, down == null ? null : down.since(), down == null ? null : down.reason());
        }
    }

    public record CreateBody(String friendlyName, String osFamily, @JsonProperty("groupIds") List<String> groupIds,
                             Boolean dockerEnabled, Boolean complianceEnabled) {
    }

    /** Absent fields stay as they are; a blank {@code primary_interface} returns the IP to the agent's choice. */
    public record UpdateBody(String friendlyName, String hostname, String ip, String notes, String primaryInterface) {
    }

    /** DESIGN.md names this body camelCase: {@code {"groupIds": [...]}}. */
    public record GroupsBody(@JsonProperty("groupIds") List<String> groupIds) {
    }

    public record BulkGroupsBody(@JsonProperty("hostIds") List<String> hostIds, @JsonProperty("groupIds") List<String> groupIds) {
    }

    public record BulkBody(@JsonProperty("hostIds") List<String> hostIds) {
    }

    public record CredentialsResponse(String message, HostView host, String apiId, String apiKey) {
    }

    public record HostResponse(String message, HostView host) {
    }

    public record DeletedResponse(String message, List<Deleted> deleted) {
    }

    public record Deleted(String id, String friendlyName) {
    }

    private Map<String, HostGroup> groupsOf(AuthenticatedUser actor) {
        return groups.list(actor.context()).stream().map(HostGroupService.GroupSummary::group)
                .collect(Collectors.toMap(HostGroup::id, Function.identity()));
    }

    @GetMapping("/api/v1/hosts")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public List<HostView> list(AuthenticatedUser actor, @RequestParam(required = false) String group,
                               @RequestParam(required = false) String search, @RequestParam(required = false) String status,
                               @RequestParam(required = false) String filter,
                               @RequestParam(name = "hide_stale", defaultValue = "false") boolean hideStale,
                               @RequestParam(required = false) String repository,
                               @RequestParam(name = "package", required = false) String packageName) {
        Map<String, HostGroup> byId = groupsOf(actor);
        // One query of the tenant's connections, however many hosts the list shows.
        Map<String, AgentConnection> connected = connections.all(actor.context());
        Map<String, HostDown> down = health.down(actor.context());
        return hosts.list(actor.context(), new HostService.Filter(group, search, status, filter, hideStale, repository, packageName)).stream()
                .map(l -> HostView.of(l.host(), l.status(), byId, connected.get(l.host().id()), down.get(l.host().id()))).toList();
    }

    @GetMapping("/api/v1/hosts/{id}")
    @RequiresPermission(Permission.CAN_VIEW_HOSTS)
    public HostView get(AuthenticatedUser actor, @PathVariable String id) {
        return view(actor, hosts.get(actor.context(), id));
    }

    private HostView view(AuthenticatedUser actor, Host host) {
        return HostView.of(host, hosts.staleness(actor.context()).of(host), groupsOf(actor), connections.of(actor.context(), host.id()).orElse(null),
                health.down(actor.context(), host.id()).orElse(null));
    }

    @PostMapping("/api/v1/hosts")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public CredentialsResponse create(AuthenticatedUser actor, @RequestBody CreateBody body) {
        HostService.Credentials created = hosts.create(actor.context(), new HostService.NewHost(body.friendlyName(), body.osFamily(),
                body.groupIds(), Boolean.TRUE.equals(body.dockerEnabled()), Boolean.TRUE.equals(body.complianceEnabled())));
        return new CredentialsResponse("Host created successfully", view(actor, created.host()),
                created.host().apiId(), created.apiKey());
    }

    @PatchMapping("/api/v1/hosts/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public HostResponse update(AuthenticatedUser actor, @PathVariable String id, @RequestBody UpdateBody body) {
        Host host = hosts.update(actor.context(), id,
                new HostService.Edits(body.friendlyName(), body.hostname(), body.ip(), body.notes(), body.primaryInterface()));
        return new HostResponse("Host updated successfully", view(actor, host));
    }

    @PutMapping("/api/v1/hosts/{id}/groups")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public HostResponse setGroups(AuthenticatedUser actor, @PathVariable String id, @RequestBody GroupsBody body) {
        Host host = hosts.setGroups(actor.context(), id, body.groupIds());
        return new HostResponse("Host groups updated successfully", view(actor, host));
    }

    @PutMapping("/api/v1/hosts/bulk/groups")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public List<HostView> bulkSetGroups(AuthenticatedUser actor, @RequestBody BulkGroupsBody body) {
        Map<String, HostGroup> byId = groupsOf(actor);
        HostStatus.Rule rule = hosts.staleness(actor.context());
        Map<String, AgentConnection> connected = connections.all(actor.context());
        Map<String, HostDown> down = health.down(actor.context());
        return hosts.setGroups(actor.context(), body.hostIds(), body.groupIds()).stream()
                .map(h -> HostView.of(h, rule.of(h), byId, connected.get(h.id()), down.get(h.id()))).toList();
    }

    @PostMapping("/api/v1/hosts/{id}/regenerate-credentials")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public CredentialsResponse regenerate(AuthenticatedUser actor, @PathVariable String id) {
        HostService.Credentials credentials = commands.regenerateCredentials(actor.context(), id);
        return new CredentialsResponse("API credentials regenerated successfully", view(actor, credentials.host()),
                credentials.host().apiId(), credentials.apiKey());
    }

    /** @param jobId the Agent Queue's job for the request */
    public record MessageResponse(String message, String jobId) {
    }

    /** Host Detail's Fetch Report: the agent reports within moments; 409 when it is offline (the button needs it online). */
    @PostMapping("/api/v1/hosts/{id}/fetch-report")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public MessageResponse fetchReport(AuthenticatedUser actor, @PathVariable String id) {
        return new MessageResponse("Report requested", commands.fetchReport(actor.context(), id).jobId());
    }

    @DeleteMapping("/api/v1/hosts/{id}")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public DeletedResponse delete(AuthenticatedUser actor, @PathVariable String id) {
        Host host = commands.deleteHost(actor.context(), id);
        return new DeletedResponse("Host deleted successfully", List.of(new Deleted(host.id(), host.friendlyName())));
    }

    @DeleteMapping("/api/v1/hosts/bulk")
    @RequiresPermission(Permission.CAN_MANAGE_HOSTS)
    public DeletedResponse bulkDelete(AuthenticatedUser actor, @RequestBody BulkBody body) {
        List<Deleted> deleted = commands.deleteHosts(actor.context(), body.hostIds()).stream().map(h -> new Deleted(h.id(), h.friendlyName())).toList();
        return new DeletedResponse(deleted.size() + " hosts deleted successfully", deleted);
    }
}
