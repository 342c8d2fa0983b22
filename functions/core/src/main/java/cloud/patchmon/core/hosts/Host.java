package cloud.patchmon.core.hosts;

import cloud.patchmon.protocol.NetworkInterface;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered server. Kept small because reports touch it: detailed system, network and
 * package data live in their own items. {@code apiKeyHash} is bcrypt; the key itself is shown
 * once, at creation or regeneration.
 *
 * @param status        pending until the first report, then active
 * @param lastUpdate    the last report or check-in: what staleness is measured from
 * @param packageCounts    as of the last report; {@code null} before the first one (and on hosts stored before counts existed)
 * @param primaryInterface the interface an operator starred: its address is the host's IP, overriding the agent's choice; {@code null} = auto
 * @param revision         bumped by every write of the item, which is conditional on the revision it replaces, so the
 *                         fleet counters can apply exactly the difference between the item replaced and its successor;
 *                         {@code null} on items stored before revisions existed
 */
public record Host(String id, String friendlyName, String osFamily, String apiId, String apiKeyHash, String status,
                   boolean dockerEnabled, boolean complianceEnabled, List<String> groupIds, String hostname, String ip,
                   String osType, String osVersion, String architecture, String agentVersion, boolean needsReboot,
                   String notes, Instant createdAt, Instant updatedAt, Instant lastUpdate, PackageCounts packageCounts,
                   String primaryInterface, Long revision) {

    public static final String PENDING = "pending";
    public static final String ACTIVE = "active";

    /** The Hosts list's update columns and the dashboard's host cards read these instead of the host's package items. */
    public record PackageCounts(int total, int outdated, int security) {
        public static final PackageCounts NONE = new PackageCounts(0, 0, 0);
    }

    public Host {
        groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
    }

    /** The counts to show: zero until a report has set them. */
    public PackageCounts counts() {
        return packageCounts == null ? PackageCounts.NONE : packageCounts;
    }

    public Host withGroups(List<String> groups, Instant now) {
        return new Host(id, friendlyName, osFamily, apiId, apiKeyHash, status, dockerEnabled, complianceEnabled, groups, hostname, ip,
                osType, osVersion, architecture, agentVersion, needsReboot, notes, createdAt, now, lastUpdate, packageCounts, primaryInterface, revision);
    }

    public Host withCredentials(String newApiId, String newKeyHash, Instant now) {
        return new Host(id, friendlyName, osFamily, newApiId, newKeyHash, status, dockerEnabled, complianceEnabled, groupIds, hostname, ip,
                osType, osVersion, architecture, agentVersion, needsReboot, notes, createdAt, now, lastUpdate, packageCounts, primaryInterface, revision);
    }

    /** A check-in: the host was seen and says whether it needs a reboot; nothing else about it changed. */
    public Host seenAt(Instant when, boolean rebootNeeded) {
        return new Host(id, friendlyName, osFamily, apiId, apiKeyHash, status, dockerEnabled, complianceEnabled, groupIds, hostname, ip,
                osType, osVersion, architecture, agentVersion, rebootNeeded, notes, createdAt, updatedAt, when, packageCounts, primaryInterface, revision);
    }

    public Host withDetails(String newFriendlyName, String newHostname, String newIp, String newNotes, Instant now) {
        return new Host(id, newFriendlyName, osFamily, apiId, apiKeyHash, status, dockerEnabled, complianceEnabled, groupIds, newHostname, newIp,
                osType, osVersion, architecture, agentVersion, needsReboot, newNotes, createdAt, now, lastUpdate, packageCounts, primaryInterface, revision);
    }

    /** The integration toggles the agent has applied (Host Detail's Apply, acknowledged by the agent). */
    public Host withIntegrations(boolean docker, boolean compliance, Instant now) {
        return new Host(id, friendlyName, osFamily, apiId, apiKeyHash, status, docker, compliance, groupIds, hostname, ip,
                osType, osVersion, architecture, agentVersion, needsReboot, notes, createdAt, now, lastUpdate, packageCounts, primaryInterface, revision);
    }

    /** Stars an interface ({@code null} clears the star): the host's IP becomes {@code newIp}. */
    public Host withPrimaryInterface(String name, String newIp, Instant now) {
        return new Host(id, friendlyName, osFamily, apiId, apiKeyHash, status, dockerEnabled, complianceEnabled, groupIds, hostname, newIp,
                osType, osVersion, architecture, agentVersion, needsReboot, notes, createdAt, now, lastUpdate, packageCounts, name, revision);
    }

    /** The same host as its next revision: what a conditional write of it stores. */
    public Host nextRevision() {
        return new Host(id, friendlyName, osFamily, apiId, apiKeyHash, status, dockerEnabled, complianceEnabled, groupIds, hostname, ip,
                osType, osVersion, architecture, agentVersion, needsReboot, notes, createdAt, updatedAt, lastUpdate, packageCounts, primaryInterface,
                revision == null ? 1 : revision + 1);
    }

    /** The address of {@code name} among {@code interfaces}: its first IPv4 address, else its first address; empty when absent. */
    public static Optional<String> addressOf(String name, List<NetworkInterface> interfaces) {
        return interfaces.stream().filter(i -> name.equals(i.name())).findFirst()
                .flatMap(i -> {
                    List<NetworkInterface.Address> addresses = i.addresses() == null ? List.of() : i.addresses();
                    return addresses.stream().filter(a -> "inet".equals(a.family())).findFirst()
                            .or(() -> addresses.stream().findFirst())
                            .map(NetworkInterface.Address::address);
                });
    }
}
