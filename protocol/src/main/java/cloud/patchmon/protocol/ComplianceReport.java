package cloud.patchmon.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The hashed part of the agent's {@code POST /compliance/scans} body (snake_case, the agent's
 * {@code models.ComplianceData}). Timestamps ({@code started_at}, {@code completed_at}), {@code error},
 * {@code os_info} and {@code scanner_info} are not hashed and not modelled here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComplianceReport(@JsonProperty("scans") List<Scan> scans) {

    /**
     * One scan. Counts are Go {@code int} (64-bit on the agent's platforms), hence {@code long}.
     *
     * @param profileType "openscap" or "docker-bench"
     * @param score percentage; hashed rounded to 4 decimal places
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Scan(
            @JsonProperty("profile_name") String profileName,
            @JsonProperty("profile_type") String profileType,
            @JsonProperty("status") String status,
            @JsonProperty("score") double score,
            @JsonProperty("total_rules") long totalRules,
            @JsonProperty("passed") long passed,
            @JsonProperty("failed") long failed,
            @JsonProperty("warnings") long warnings,
            @JsonProperty("skipped") long skipped,
            @JsonProperty("not_applicable") long notApplicable,
            @JsonProperty("remediation_applied") boolean remediationApplied,
            @JsonProperty("remediation_count") long remediationCount,
            @JsonProperty("results") List<Result> results) {
    }

    /**
     * One rule evaluation. The wire name is {@code rule_ref} (the agent's Go field is {@code RuleID}).
     *
     * @param status pass, fail, warn, skip, notapplicable or error
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(
            @JsonProperty("rule_ref") String ruleRef,
            @JsonProperty("title") String title,
            @JsonProperty("status") String status,
            @JsonProperty("finding") String finding,
            @JsonProperty("actual") String actual,
            @JsonProperty("expected") String expected,
            @JsonProperty("section") String section,
            @JsonProperty("description") String description,
            @JsonProperty("severity") String severity,
            @JsonProperty("remediation") String remediation) {
    }
}
