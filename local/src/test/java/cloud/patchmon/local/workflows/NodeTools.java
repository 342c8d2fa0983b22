package cloud.patchmon.local.workflows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent ASL tools in {@code tests/asl} (aws-local-stepfunctions, asl-validator), installed by the build's
 * {@code npm ci} and run with the machine's Node; aws-local-stepfunctions needs the Promise.withResolvers polyfill
 * on Node 20.
 */
final class NodeTools {

    static final Path DIR = Path.of("..", "tests", "asl").toAbsolutePath().normalize();

    private NodeTools() {
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(String script, List<String> args) throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            throw new IllegalStateException("run `npm ci` in " + DIR + " (the build does it in generate-test-resources)");
        }
        List<String> command = new ArrayList<>(List.of("node", "--import", DIR.resolve("polyfill.mjs").toUri().toString(), DIR.resolve(script).toString()));
        command.addAll(args);
        Path err = Files.createTempFile("asl-tools", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish");
            }
            return new Result(process.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
