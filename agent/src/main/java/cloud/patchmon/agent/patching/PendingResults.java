package cloud.patchmon.agent.patching;

import cloud.patchmon.protocol.PatchRunOutput;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Terminal stages the server could not be told about (it was unreachable through every retry), kept as
 * {@code patch-results/<run id>.json} in the agent's directory until they are delivered: the run's outcome and its
 * output must never be lost, and the server waits for exactly this message. Written atomically and readable by
 * root only (the output may name what is installed).
 */
final class PendingResults {

    private static final System.Logger LOG = System.getLogger(PendingResults.class.getName());

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    PendingResults(Path agentDir) {
        this.dir = agentDir.resolve("patch-results");
    }

    void save(String runId, PatchRunOutput stage) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(runId + ".json");
        Path temp = Files.createTempFile(dir, runId, ".tmp");
        try {
            restrict(temp);
            Files.write(temp, json.writeValueAsBytes(stage));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Every kept stage by run id. */
    Map<String, PatchRunOutput> all() {
        Map<String, PatchRunOutput> stages = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return stages;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list {0}: {1}", dir, e.getMessage());
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String runId = name.substring(0, name.length() - ".json".length());
            try {
                stages.put(runId, json.readValue(file.toFile(), PatchRunOutput.class));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "ignoring the unreadable kept patch result {0}: {1}", file, e.getMessage());
            }
        }
        return stages;
    }

    boolean contains(String runId) {
        return Files.exists(dir.resolve(runId + ".json"));
    }

    void remove(String runId) {
        try {
            Files.deleteIfExists(dir.resolve(runId + ".json"));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove the delivered patch result of {0}: {1}", runId, e.getMessage());
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot restrict {0}: {1}", file, e.getMessage());
        }
    }
}
