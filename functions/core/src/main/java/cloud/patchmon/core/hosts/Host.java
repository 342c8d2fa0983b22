package cloud.patchmon.core.hosts;

import java.time.Instant;
import java.util.List;

/**
 * A registered server. Kept small because reports touch it: detailed system, network and
 * package data live in their own items. {@code apiKeyHash} is bcrypt; the key itself is shown
 * once, at creation or regeneration.
 *
 * @param status pending until the first report, then active
 */
public record Host(String id, String friendlyName, String osFamily, String apiId, String apiKeyHash, String status,
                   boolean dockerEnabled, boolean complianceEnabled, List<String> groupIds, String hostname, String ip,
                   String osType, String osVersion, String architecture, String agentVersion, boolean needsReboot,
                   String notes, Instant createdAt, Instant updatedAt, Instant lastUpdate) {

    public static final String PENDING = "pending";
    public static final String ACTIVE = "active";

    public Host {
        groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
    }

    public Host withGroups(List<String> groups, Instant now) {
        return new Host(id, friendlyName, osFamily, apiId, apiKeyHash, status, dockerEnabled, complianceEnabled, groups, hostname, ip,
                osType, osVersion, architecture, agentVersion, needsReboot, notes, createdAt, now, lastUpdate);
    }

    public Host withCredentials(String newApiId, String newKeyHash, Instant now) {
        return new Host(id, friendlyName, osFamily, newApiId, newKeyHash, status, dockerEnabled, complianceEnabled, groupIds, hostname, ip,
                osType, osVersion, architecture, agentVersion, needsReboot, notes, createdAt, now, lastUpdate);
    }

    public Host withDetails(String newFriendlyName, String newHostname, String newIp, String newNotes, Instant now) {
        return new Host(id, newFriendlyName, osFamily, apiId, apiKeyHash, status, dockerEnabled, complianceEnabled, groupIds, newHostname, newIp,
                osType, osVersion, architecture, agentVersion, needsReboot, newNotes, createdAt, now, lastUpdate);
    }
}
