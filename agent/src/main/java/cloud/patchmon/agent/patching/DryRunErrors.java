package cloud.patchmon.agent.patching;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a declined simulation (dnf/yum {@code --assumeno} and pkg {@code -n} exit 1 after printing the plan) from
 * one that failed to resolve. Error prefixes count only at the start of a line: package names such as
 * {@code libgpg-error} or {@code perl-Error} appear inside plans.
 */
final class DryRunErrors {

    private static final List<String> PHRASES = List.of(
            "no match for argument", "unable to find a match", "failed to resolve the transaction", "transaction check error",
            "depsolve error", "no packages available to install", "cannot find package", "could not satisfy dependencies",
            "unresolvable package conflicts", "failed to prepare transaction", "you could try using --skip-broken");

    private DryRunErrors() {
    }

    static boolean reported(String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        return PHRASES.stream().anyMatch(lower::contains) || firstErrorLine(output).isPresent();
    }

    /** The first line that opens with an error marker ({@code E:}, {@code Error:}, {@code error:}, {@code pkg: …}). */
    static Optional<String> firstErrorLine(String output) {
        for (String line : output.split("[\r\n]+")) {
            String stripped = line.strip();
            String lower = stripped.toLowerCase(Locale.ROOT);
            if (stripped.startsWith("E: ") || lower.startsWith("error:") || lower.startsWith("error ")
                    || lower.startsWith("pkg: ") || lower.startsWith("fatal")) {
                return Optional.of(stripped.length() > 300 ? stripped.substring(0, 300) + "…" : stripped);
            }
        }
        return Optional.empty();
    }
}
