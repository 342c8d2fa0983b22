package cloud.patchmon.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link CommandRunner} that answers with recorded outputs of the real tools (test resources), for
 * parsers of package managers this machine does not have. An unexpected command fails the test, so
 * a collector cannot silently run something nobody recorded.
 */
public final class RecordedCommands implements CommandRunner {

    private final Map<String, CommandResult> answers = new HashMap<>();
    private final Set<String> programs = new HashSet<>();
    private final List<String> ran = new ArrayList<>();

    /** Declares {@code program} installed (for {@link #isAvailable}). */
    public RecordedCommands program(String... names) {
        programs.addAll(List.of(names));
        return this;
    }

    /** {@code command} (words joined by single spaces) prints the classpath resource {@code stdoutResource} and exits with {@code exitCode}. */
    public RecordedCommands answer(String command, String stdoutResource, int exitCode) {
        answers.put(command, new CommandResult(exitCode, resource(stdoutResource), ""));
        programs.add(command.split(" ")[0]);
        return this;
    }

    /** {@code command} prints {@code stdout} and {@code stderr} literally and exits with {@code exitCode}. */
    public RecordedCommands answerText(String command, String stdout, String stderr, int exitCode) {
        answers.put(command, new CommandResult(exitCode, stdout, stderr));
        programs.add(command.split(" ")[0]);
        return this;
    }

    /** The command lines run so far, in order. */
    public List<String> ran() {
        return List.copyOf(ran);
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
        String line = String.join(" ", command);
        ran.add(line);
        CommandResult answer = answers.get(line);
        if (answer == null) {
            throw new AssertionError("unexpected command: " + line + " (recorded: " + answers.keySet() + ")");
        }
        return answer;
    }

    @Override
    public boolean isAvailable(String program) {
        return programs.contains(program);
    }

    /** The text of a classpath resource such as {@code /fixtures/apt/dpkg-query.txt}. */
    public static String resource(String name) {
        try (InputStream in = RecordedCommands.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
