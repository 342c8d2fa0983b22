package cloud.patchmon.agent.patching;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code run_patch} command, checked before anything runs (AGENT-PROTOCOL.md): package names must match
 * {@code ^[a-zA-Z0-9][a-zA-Z0-9._+-]*$}, so a name can never be read as an option or reach a shell.
 *
 * @param packageNames the packages of a {@code patch_package} run; empty for {@code patch_all}
 */
public record PatchRequest(String patchRunId, PatchType type, boolean dryRun, List<String> packageNames) {

    /** The protocol's rule for package names. */
    public static final Pattern PACKAGE_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._+-]*$");

    /** Run ids go into the REST path; PatchMon's are UUIDs. */
    static final Pattern RUN_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$");

    /** Bounds the command line: far beyond any fleet rollout, far below the kernel's argument limit. */
    static final int MAX_PACKAGES = 1000;
    static final int MAX_NAME_LENGTH = 255;

    public enum PatchType {
        PATCH_ALL("patch_all"), PATCH_PACKAGE("patch_package");

        private final String wire;

        PatchType(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public PatchRequest {
        packageNames = List.copyOf(packageNames);
    }

    /** A message the agent cannot act on; the text is what the run's {@code error_message} says. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * The run id of a message, which every answer about it needs.
     *
     * @throws Refused when it is missing or could not be part of a URL path
     */
    static String runId(JsonNode message) throws Refused {
        JsonNode id = message.path("patch_run_id");
        if (!id.isTextual() || !RUN_ID.matcher(id.asText()).matches()) {
            throw new Refused("patch_run_id must be the run's id (letters, digits, '-' and '_')");
        }
        return id.asText();
    }

    /** @throws Refused when the message is not a run this agent may carry out */
    static PatchRequest parse(JsonNode message) throws Refused {
        String runId = runId(message);
        PatchType type = switch (message.path("patch_type").asText("")) {
            case "patch_all" -> PatchType.PATCH_ALL;
            case "patch_package" -> PatchType.PATCH_PACKAGE;
            default -> throw new Refused("patch_type must be patch_all or patch_package");
        };
        JsonNode dryRun = message.path("dry_run");
        if (!dryRun.isMissingNode() && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new Refused("dry_run must be true or false");
        }
        JsonNode names = message.path("package_names");
        if (!names.isMissingNode() && !names.isNull() && !names.isArray()) {
            throw new Refused("package_names must be a list of package names");
        }
        List<String> packages = new ArrayList<>();
        for (JsonNode name : names) {
            if (!name.isTextual() || !PACKAGE_NAME.matcher(name.asText()).matches() || name.asText().length() > MAX_NAME_LENGTH) {
                throw new Refused("invalid package name " + quoted(name) + ": names must match " + PACKAGE_NAME.pattern());
            }
            if (!packages.contains(name.asText())) {
                packages.add(name.asText());
            }
        }
        if (packages.size() > MAX_PACKAGES) {
            throw new Refused("a run may name at most " + MAX_PACKAGES + " packages");
        }
        if (type == PatchType.PATCH_PACKAGE && packages.isEmpty()) {
            throw new Refused("patch_package needs at least one package name in package_names");
        }
        // patch_all upgrades everything; names sent with it would be ignored by every package manager's upgrade.
        return new PatchRequest(runId, type, dryRun.asBoolean(false), type == PatchType.PATCH_ALL ? List.of() : packages);
    }

    private static String quoted(JsonNode name) {
        String text = name.isTextual() ? name.asText() : name.toString();
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
