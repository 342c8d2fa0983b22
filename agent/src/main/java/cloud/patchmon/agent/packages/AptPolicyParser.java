package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code apt-cache policy <package>…}:
 * <pre>
 * bash:
 *   Installed: 5.2.15-2+b8
 *   Candidate: 5.2.15-2+b13
 *   Version table:
 *      5.2.15-2+b13 500
 *         500 http://deb.debian.org/debian bookworm/main amd64 Packages
 *  *** 5.2.15-2+b8 100
 *         100 /var/lib/dpkg/status
 * </pre>
 * A package of a foreign architecture is headed {@code libc6:i386:}.
 */
final class AptPolicyParser {

    private static final String NONE = "(none)";

    private AptPolicyParser() {
    }

    /**
     * The policies by package name as apt spells it.
     *
     * @throws IOException when a package block lacks its Installed or Candidate line
     */
    static Map<String, AptPolicy> parse(String output) throws IOException {
        Map<String, AptPolicy> policies = new HashMap<>();
        Block block = null;
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (!line.startsWith(" ") && line.endsWith(":")) {
                if (block != null) {
                    policies.put(block.name, block.policy());
                }
                block = new Block(line.substring(0, line.length() - 1));
            } else if (block != null) {
                block.read(line);
            }
        }
        if (block != null) {
            policies.put(block.name, block.policy());
        }
        return policies;
    }

    /** The lines of one package while they are read. */
    private static final class Block {

        private final String name;
        private String installed;
        private String candidate;
        private final List<String> versions = new ArrayList<>();
        private final List<List<String>> suites = new ArrayList<>();

        Block(String name) {
            this.name = name;
        }

        void read(String line) {
            String text = line.strip();
            if (text.startsWith("Installed: ")) {
                installed = text.substring("Installed: ".length());
            } else if (text.startsWith("Candidate: ")) {
                candidate = text.substring("Candidate: ".length());
            } else if (line.startsWith(" *** ") || (line.startsWith("     ") && line.charAt(5) != ' ')) {
                // "*** <version> <priority>", possibly followed by "(phased 10%)"
                String row = line.startsWith(" *** ") ? line.substring(5) : text;
                versions.add(row.split(" ")[0]);
                suites.add(new ArrayList<>());
            } else if (line.startsWith("        ") && !suites.isEmpty()) {
                suite(text).ifPresent(suites.get(suites.size() - 1)::add);
            }
        }

        AptPolicy policy() throws IOException {
            if (installed == null || candidate == null) {
                throw new IOException("apt-cache policy printed no Installed/Candidate for " + name);
            }
            List<AptPolicy.Version> table = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                table.add(new AptPolicy.Version(versions.get(i), suites.get(i)));
            }
            return new AptPolicy(NONE.equals(installed) ? null : installed, NONE.equals(candidate) ? null : candidate, table);
        }

        /**
         * The suite of a source row, {@code <priority> <uri> <suite>/<component> <arch> Packages}; none for
         * the dpkg status row ({@code 100 /var/lib/dpkg/status}). The component follows the last slash, as
         * suites may have one ({@code stretch/updates/main}). A flat repository ({@code <uri> ./}) has no
         * suite: its URI stands for it.
         */
        private static Optional<String> suite(String row) {
            String[] words = row.split(" +");
            if (words.length < 2 || words[1].startsWith("/")) {
                return Optional.empty();
            }
            if (words.length < 4) {
                return Optional.of(words[1]);
            }
            String suite = words[2].contains("/") ? words[2].substring(0, words[2].lastIndexOf('/')) : words[2];
            return Optional.of(suite.isEmpty() || suite.equals(".") ? words[1] : suite);
        }
    }
}
