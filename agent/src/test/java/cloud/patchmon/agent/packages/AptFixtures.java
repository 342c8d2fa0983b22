package cloud.patchmon.agent.packages;

import cloud.patchmon.agent.host.RecordedCommands;

import java.util.List;

/** The recorded apt states under {@code /fixtures/apt/} (see RECORDING.md there), as answers to the agent's commands. */
final class AptFixtures {

    /** The dpkg-query command line as recorded: {@code \t} and {@code \n} are dpkg-query's escapes, not characters. */
    static final String DPKG_QUERY = "dpkg-query -W -f=${Package}\\t${Architecture}\\t${Version}\\t${Status}\\t${Section}\\t${binary:Summary}\\n";
    static final String SIMULATION = "apt-get -s -o Debug::NoLocking=1 dist-upgrade";

    private AptFixtures() {
    }

    /** Every command of a collection in {@code state} answered with its recording. */
    static RecordedCommands state(String state) {
        return new RecordedCommands()
                .answer("dpkg --print-architecture", file(state, "dpkg-print-architecture.txt"), 0)
                .answer(DPKG_QUERY, file(state, "dpkg-query.txt"), 0)
                .answer(SIMULATION, file(state, "apt-get-dist-upgrade.txt"), 0)
                .answer("apt-cache policy " + String.join(" ", policyArguments(state)), file(state, "apt-cache-policy.txt"), 0);
    }

    static List<String> policyArguments(String state) {
        return text(state, "apt-cache-policy.args").lines().toList();
    }

    static String text(String state, String name) {
        return RecordedCommands.resource(file(state, name));
    }

    static String file(String state, String name) {
        return "/fixtures/apt/" + state + "/" + name;
    }
}
