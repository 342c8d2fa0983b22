package cloud.patchmon.core.realtime;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Integration toggles staged on Host Detail's Integrations tab and not yet applied by the agent: the
 * {@code apply_config} message's {@code config} (AGENT-PROTOCOL.md). A field left {@code null} is not changed.
 *
 * @param compliance {@code "enabled"}, {@code "on-demand"} or {@code "disabled"}
 * @param jobId      the {@code apply_config} job carrying this change, once Apply was clicked; the staging is cleared
 *                   when that job completes, unless it was changed again meanwhile
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingConfig(Boolean docker, String compliance, Boolean openscapEnabled, Boolean dockerBenchEnabled,
                            Instant stagedAt, String jobId, long revision) {
}
