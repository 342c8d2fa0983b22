package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code Inst} lines of {@code apt-get -s upgrade|dist-upgrade}:
 * {@code Inst <name> [<installed>] (<version> <label>:<release>/<archive>, … [<arch>])}, followed by
 * notes in brackets apt adds about the simulated order. {@code Conf} and {@code Remv} lines and the
 * human summary are not needed: every upgrade has exactly one {@code Inst} line.
 */
final class AptSimulationParser {

    private static final Pattern INST = Pattern.compile(
            "^Inst (\\S+) (?:\\[(\\S+)] )?\\((\\S+) (.*?) ?\\[([^\\[\\]\\s]+)]\\)(?: \\[[^\\]]*])*$");

    private AptSimulationParser() {
    }

    /** @throws IOException when an {@code Inst} line has a shape this parser does not know, rather than dropping an update */
    static List<AptUpgrade> parse(String output) throws IOException {
        List<AptUpgrade> upgrades = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("Inst ")) {
                continue;
            }
            Matcher m = INST.matcher(line);
            if (!m.matches()) {
                throw new IOException("unexpected apt-get simulation line: " + line);
            }
            List<String> origins = m.group(4).isBlank() ? List.of()
                    : Arrays.stream(m.group(4).split(", ")).map(String::strip).toList();
            upgrades.add(new AptUpgrade(m.group(1), m.group(2), m.group(3), origins, m.group(5)));
        }
        return upgrades;
    }
}
