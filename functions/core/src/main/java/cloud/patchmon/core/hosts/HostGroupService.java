package cloud.patchmon.core.hosts;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.patching.policies.PolicyAssignment;
import cloud.patchmon.core.patching.policies.PolicyRepository;
import cloud.patchmon.core.storage.ConditionFailedException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Settings → Host Groups (chapter 5). */
public final class HostGroupService {

    public static final String DEFAULT_COLOR = "#3B82F6";
    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");

    private final HostGroupRepository groups;
    private final PolicyRepository policies;
    private final Clock clock;

    public HostGroupService(ItemStore store, Clock clock) {
        this.groups = new HostGroupRepository(store);
        this.policies = new PolicyRepository(store);
        this.clock = clock;
    }

    /** A group with how many hosts it holds. */
    public record GroupSummary(HostGroup group, int hostCount) {
    }

    public List<GroupSummary> list(TenantContext ctx) {
        return groups.list(ctx).stream()
                .sorted(Comparator.comparing(g -> g.name().toLowerCase(Locale.ROOT)))
                .map(g -> new GroupSummary(g, groups.hostIds(ctx, g.id()).size()))
                .toList();
    }

    public GroupSummary get(TenantContext ctx, String groupId) {
        HostGroup group = find(ctx, groupId);
        return new GroupSummary(group, groups.hostIds(ctx, group.id()).size());
    }

    public HostGroup create(TenantContext ctx, String name, String description, String color) {
        String cleanName = validate(name, description, color);
        Instant now = clock.instant();
        HostGroup group = new HostGroup(UUID.randomUUID().toString(), cleanName, blankToNull(description),
                color == null || color.isBlank() ? DEFAULT_COLOR : color.toUpperCase(Locale.ROOT), now, now);
        try {
            groups.create(ctx, group);
        } catch (ConditionFailedException taken) {
            throw DomainException.badRequest("Host group name already exists");
        }
        return group;
    }

    public HostGroup update(TenantContext ctx, String groupId, String name, String description, String color) {
        HostGroup existing = find(ctx, groupId);
        String cleanName = validate(name == null ? existing.name() : name, description, color);
        HostGroup updated = new HostGroup(existing.id(), cleanName,
                description == null ? existing.description() : blankToNull(description),
                color == null || color.isBlank() ? existing.color() : color.toUpperCase(Locale.ROOT),
                existing.createdAt(), clock.instant());
        try {
            groups.update(ctx, existing, updated);
        } catch (ConditionFailedException taken) {
            throw DomainException.badRequest("Host group name already exists");
        }
        return updated;
    }

    /** Refused while the group still holds hosts: deleting a group never orphans hosts by accident. */
    public void delete(TenantContext ctx, String groupId) {
        HostGroup group = find(ctx, groupId);
        int hosts = groups.hostIds(ctx, groupId).size();
        if (hosts > 0) {
            throw DomainException.badRequest("Cannot delete host group that contains hosts")
                    .with("hostCount", hosts);
        }
        groups.delete(ctx, group);
        // No policy keeps an assignment to a group that is gone.
        policies.forgetTarget(ctx, PolicyAssignment.HOST_GROUP, groupId);
    }

    public List<String> hostIds(TenantContext ctx, String groupId) {
        find(ctx, groupId);
        return groups.hostIds(ctx, groupId);
    }

    private HostGroup find(TenantContext ctx, String groupId) {
        return groups.find(ctx, groupId).orElseThrow(() -> DomainException.notFound("Host group not found"));
    }

    private static String validate(String name, String description, String color) {
        List<FieldViolation> problems = new ArrayList<>();
        String clean = name == null ? "" : name.trim();
        if (clean.isEmpty() || clean.length() > 255) {
            problems.add(new FieldViolation("Name is required (max 255 characters)", "name", "body"));
        }
        if (description != null && description.length() > 1000) {
            problems.add(new FieldViolation("Description must be at most 1000 characters", "description", "body"));
        }
        if (color != null && !color.isBlank() && !COLOR.matcher(color).matches()) {
            problems.add(new FieldViolation("Color must be a hex color like #3B82F6", "color", "body"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        return clean;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
