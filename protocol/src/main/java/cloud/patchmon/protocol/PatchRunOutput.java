package cloud.patchmon.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /patching/runs/{id}/output} (AGENT-PROTOCOL.md): one stage of a patch run as the agent
 * reports it. {@code progress} carries a chunk of new output; the terminal stages ({@code completed},
 * {@code dry_run_completed}, {@code failed}, {@code cancelled}) carry the whole output, which replaces whatever the
 * chunks added up to. Absent fields are left out of the JSON.
 *
 * <p>{@code packages_affected} is PatchMon Cloud's addition for the run detail's "Packages affected" panel and
 * the "Extra deps" badge (spec ch. 8, 9, 11): the transaction a dry run's simulation planned, parsed on the agent.
 * Our agent sends it with {@code dry_run_completed}; upstream agents do not, so a server must accept its absence.
 *
 * @param stage         {@code started}, {@code progress}, {@code completed}, {@code dry_run_completed}, {@code failed} or {@code cancelled}
 * @param output        the chunk ({@code progress}) or the whole output (terminal stages), stdout and stderr merged,
 *                      carriage returns kept as the tools printed them (the UI turns them into line breaks)
 * @param errorMessage  why a run {@code failed} or was {@code cancelled}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatchRunOutput(
        @JsonProperty("stage") String stage,
        @JsonProperty("output") String output,
        @JsonProperty("error_message") String errorMessage,
        @JsonProperty("packages_affected") List<AffectedPackage> packagesAffected) {

    /** The stages that end a run. */
    public static final Set<String> TERMINAL_STAGES = Set.of("completed", "dry_run_completed", "failed", "cancelled");

    public PatchRunOutput {
        packagesAffected = packagesAffected == null ? null : List.copyOf(packagesAffected);
    }

    public static PatchRunOutput started() {
        return new PatchRunOutput("started", null, null, null);
    }

    public static PatchRunOutput progress(String chunk) {
        return new PatchRunOutput("progress", chunk, null, null);
    }

    public boolean terminal() {
        return TERMINAL_STAGES.contains(stage);
    }

    /**
     * One package in a planned transaction.
     *
     * @param arch            the architecture when the tool names it ({@code amd64}, {@code x86_64}), else {@code null}
     * @param currentVersion  the installed version; {@code null} for a package the transaction would newly install
     * @param newVersion      the version it would install; {@code null} for a removal
     * @param action          {@code upgrade}, {@code install}, {@code remove}, {@code downgrade} or {@code reinstall}
     * @param dependency      {@code true} when the package manager added it beyond what was asked: for
     *                        {@code patch_package} a package not named in {@code package_names}, for
     *                        {@code patch_all} a package that is not installed yet. These are the "extra deps".
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AffectedPackage(
            @JsonProperty("name") String name,
            @JsonProperty("arch") String arch,
            @JsonProperty("current_version") String currentVersion,
            @JsonProperty("new_version") String newVersion,
            @JsonProperty("action") String action,
            @JsonProperty("dependency") boolean dependency) {
    }
}
