package cloud.patchmon.core.hosts;

import cloud.patchmon.core.dashboard.FleetCounters;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.AgentAuthenticator.AuthenticatedHost;
import cloud.patchmon.core.storage.ItemStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The hash-gated check-in ({@code POST /hosts/ping}): the agent sends its section hashes and
 * metrics; the server answers which sections are stale so the agent sends only those. An
 * unchanged host costs two small writes: its check-in state and its last-seen time (plus one
 * dashboard counter update when the reboot flag changes).
 */
public final class CheckInService {

    /** Section names in the order {@code requestFull} lists them, with their hash field. */
    static final Map<String, String> SECTIONS = sections();
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final HostStateRepository states;
    private final HostRepository hosts;
    private final FleetCounters fleet;
    private final Clock clock;

    public CheckInService(ItemStore store, Clock clock) {
        this.states = new HostStateRepository(store);
        this.hosts = new HostRepository(store);
        this.fleet = new FleetCounters(store);
        this.clock = clock;
    }

    private static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("packages", "packagesHash");
        sections.put("repos", "reposHash");
        sections.put("interfaces", "interfacesHash");
        sections.put("hostname", "hostnameHash");
        sections.put("docker", "dockerHash");
        sections.put("compliance", "complianceHash");
        return sections;
    }

    /** What the agent said. {@code hashes} keys are the wire names ({@code packagesHash}, ...). */
    public record CheckIn(Map<String, String> hashes, Map<String, Object> metrics, String agentVersion, Long agentExecutionMs) {
    }

    /** The answer: sections to resend in full (empty when the host is up to date). */
    public record Outcome(Instant timestamp, List<String> requestFull) {
    }

    public Outcome checkIn(AuthenticatedHost agent, CheckIn checkIn) {
        Map<String, String> hashes = checkIn.hashes() == null ? Map.of() : checkIn.hashes();
        hashes.forEach((field, value) -> {
            if (!SECTIONS.containsValue(field)) {
                throw DomainException.invalid("hashes." + field, "Unknown hash section");
            }
            if (value != null && !value.isEmpty() && !HASH.matcher(value).matches()) {
                throw DomainException.invalid("hashes." + field, "Hashes must be 64 lowercase hex characters");
            }
        });
        Object reboot = checkIn.metrics() == null ? null : checkIn.metrics().get("needsReboot");
        Object reason = checkIn.metrics() == null ? null : checkIn.metrics().get("rebootReason");
        if (reboot != null && !(reboot instanceof Boolean)) {
            throw DomainException.invalid("metrics.needsReboot", "needsReboot must be a boolean");
        }
        if (reason != null && !(reason instanceof String)) {
            throw DomainException.invalid("metrics.rebootReason", "rebootReason must be a string");
        }
        Instant now = clock.instant();
        Host host = agent.host();
        HostState saved = states.update(agent.context(), host.id(), stored -> new HostState(stored.hashes(), checkIn.metrics(),
                checkIn.agentVersion() == null ? stored.agentVersion() : checkIn.agentVersion(), checkIn.agentExecutionMs(),
                reboot == null ? stored.needsReboot() : (Boolean) reboot, reason == null ? stored.rebootReason() : (String) reason, now,
                stored.ingestLease(), stored.packageCounts()));
        List<String> stale = new ArrayList<>();
        SECTIONS.forEach((section, field) -> {
            if (section.equals("docker") && !host.dockerEnabled() || section.equals("compliance") && !host.complianceEnabled()) {
                return;
            }
            String known = saved.hashes().get(section);
            if (known == null || known.isEmpty() || !known.equals(hashes.get(field))) {
                stale.add(section);
            }
        });
        Boolean needsReboot = saved.needsReboot();
        // A hash-gated agent with nothing new sends no report for up to 24 intervals; its check-ins are what keep it from
        // looking stale, and they own the reboot flag the Hosts list shows. A pending host stays pending until its first report.
        if (host.lastUpdate() != null) {
            // The reboot card and the last-seen quarter hour follow the item the touch replaced; usually nothing moves.
            hosts.touch(agent.context(), host, now, needsReboot == null ? host.needsReboot() : needsReboot)
                    .ifPresent(written -> fleet.apply(agent.context(), FleetCounters.Delta.between(host, written)));
        }
        return new Outcome(now, stale);
    }
}
