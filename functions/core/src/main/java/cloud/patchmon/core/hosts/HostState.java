package cloud.patchmon.core.hosts;

import java.time.Instant;
import java.util.Map;

/**
 * What the last check-in said: the section hashes the server has accepted (from verified
 * reports), the latest metrics and agent facts. Written on every check-in, so it stays one
 * small item; the host record is only rewritten when a host-level fact changes.
 *
 * @param hashes      section name (packages, repos, interfaces, hostname, docker, compliance) → hash
 * @param ingestLease the {@link IngestLease} token of a report being ingested, {@code null} when none is
 * @param packageCounts the host's package counts as of the last report with a packages section, saved under the ingest
 *                    lease with the hashes they belong to, so a report without that section takes them from here
 *                    instead of reading the host's package items; {@code null} before such a report
 */
public record HostState(Map<String, String> hashes, Map<String, Object> metrics, String agentVersion, Long agentExecutionMs,
                        Boolean needsReboot, String rebootReason, Instant lastCheckInAt, String ingestLease, Host.PackageCounts packageCounts) {

    public HostState {
        hashes = hashes == null ? Map.of() : Map.copyOf(hashes);
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }

    public static HostState empty() {
        return new HostState(Map.of(), Map.of(), null, null, null, null, null, null, null);
    }

    public HostState withIngestLease(String lease) {
        return new HostState(hashes, metrics, agentVersion, agentExecutionMs, needsReboot, rebootReason, lastCheckInAt, lease, packageCounts);
    }
}
