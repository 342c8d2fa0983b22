package cloud.patchmon.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ASL definitions (resources under {@code asl/}): CDK deploys each as a Standard state machine named after it and
 * the local stack interprets the very same text. Definitions name the task Lambda as {@code ${WorkflowFunctionArn}},
 * filled in by CDK's definition substitutions or, locally, by {@link #definition(String, Map)}.
 */
public final class StateMachines {

    /** The substitution every definition uses for Lambda {@code workflow}'s ARN. */
    public static final String WORKFLOW_FUNCTION = "WorkflowFunctionArn";
    public static final String PATCH_RUN = "PatchRun";

    private static final Map<String, String> RESOURCES = Map.of(PATCH_RUN, "asl/patch-run.asl.json");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    private StateMachines() {
    }

    public static List<String> names() {
        return RESOURCES.keySet().stream().sorted().toList();
    }

    /** The definition as stored, with its {@code ${...}} placeholders. */
    public static String definition(String name) {
        String resource = RESOURCES.get(name);
        if (resource == null) {
            throw new IllegalArgumentException("unknown state machine " + name);
        }
        try (InputStream in = StateMachines.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The definition with every placeholder replaced, as CDK's {@code definitionSubstitutions} does. */
    public static String definition(String name, Map<String, String> substitutions) {
        Matcher matcher = PLACEHOLDER.matcher(definition(name));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = substitutions.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no substitution for ${" + matcher.group(1) + "} in " + name);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
