package cloud.patchmon.agent.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's files under the configuration directory ({@code /etc/patchmon}, or {@code --config-dir}):
 * {@code config.yml} and {@code credentials.yml}. Writes are atomic (temporary file, then rename) so a
 * crash or a concurrent reader never sees half a file; credentials are written with mode 0600.
 */
public final class ConfigFiles {

    public static final Path DEFAULT_DIR = Path.of("/etc/patchmon");

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dir;

    public ConfigFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("config.yml");
    }

    /** @throws InvalidConfigException when the file is missing, not YAML, or holds an unusable value */
    public AgentConfig config() {
        return AgentConfig.from(tree(), dir);
    }

    /** The parsed {@code config.yml}, keys in file order. */
    public Map<String, Object> tree() {
        try {
            return parse(Files.readString(configFile(), StandardCharsets.UTF_8), configFile());
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException(configFile() + " does not exist: run the install command from PatchMon first");
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read " + configFile() + ": " + e.getMessage());
        }
    }

    /** @throws InvalidConfigException when the file is missing or lacks api_id/api_key */
    public Credentials credentials(AgentConfig config) {
        Path file = config.credentialsFile();
        Map<String, Object> tree;
        try {
            tree = parse(Files.readString(file, StandardCharsets.UTF_8), file);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException(file + " does not exist: run the install command from PatchMon first");
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read " + file + ": " + e.getMessage());
        }
        Object id = tree.get("api_id");
        Object key = tree.get("api_key");
        if (id == null || id.toString().isBlank() || key == null || key.toString().isBlank()) {
            throw new InvalidConfigException(file + " must set api_id and api_key");
        }
        return new Credentials(id.toString().trim(), key.toString().trim());
    }

    /** Replaces {@code config.yml} with {@code tree}, after checking that it is a usable configuration. */
    public void writeConfig(Map<String, Object> tree) throws IOException {
        AgentConfig.from(tree, dir);
        writeAtomically(configFile(), dump(tree), false);
    }

    public void writeCredentials(Path file, Credentials credentials) throws IOException {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("api_id", credentials.apiId());
        tree.put("api_key", credentials.apiKey());
        writeAtomically(file, dump(tree), true);
    }

    /**
     * Points the agent at {@code server} with {@code credentials}: config.yml keeps its other settings (or is
     * created with the installer's defaults), credentials.yml is replaced.
     */
    public void setApi(Credentials credentials, String server) throws IOException {
        if (credentials.apiId().isEmpty() || credentials.apiKey().isEmpty()) {
            throw new InvalidConfigException("the API ID and key must not be empty");
        }
        Map<String, Object> tree = Files.exists(configFile()) ? new LinkedHashMap<>(tree()) : defaults();
        tree.put("patchmon_server", server);
        AgentConfig config = AgentConfig.from(tree, dir);
        writeConfig(tree);
        writeCredentials(config.credentialsFile(), credentials);
    }

    private Map<String, Object> defaults() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("patchmon_server", "");
        tree.put("api_version", "v1");
        tree.put("credentials_file", dir.resolve("credentials.yml").toString());
        tree.put("log_file", dir.resolve("logs").resolve("patchmon-agent.log").toString());
        tree.put("log_level", "info");
        tree.put("skip_ssl_verify", false);
        tree.put("update_interval", AgentConfig.DEFAULT_UPDATE_INTERVAL);
        Map<String, Object> compliance = new LinkedHashMap<>();
        compliance.put("enabled", false);
        Map<String, Object> integrations = new LinkedHashMap<>();
        integrations.put("docker", false);
        integrations.put("compliance", compliance);
        tree.put("integrations", integrations);
        return tree;
    }

    /**
     * Sets one dotted key (e.g. {@code update_interval} or {@code integrations.docker}) in {@code config.yml},
     * keeping every other setting. The value is read as YAML, so {@code true} and {@code 30} keep their types.
     */
    public void set(String dottedKey, String rawValue) throws IOException {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put(dottedKey, rawValue == null ? null : newYaml().load(rawValue));
        set(change);
    }

    /**
     * Sets several dotted keys to these values in one write, so a reader sees all of them or none; the
     * result must be a usable configuration or nothing is written. Synchronized because serve's reporting
     * loop and its command thread both change the file, and a read-modify-write must not lose the other's change.
     */
    @SuppressWarnings("unchecked")
    public synchronized void set(Map<String, Object> values) throws IOException {
        Map<String, Object> tree = new LinkedHashMap<>(tree());
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String dottedKey = entry.getKey();
            if (dottedKey.isBlank() || dottedKey.startsWith(".") || dottedKey.endsWith(".")) {
                throw new InvalidConfigException("not a setting name: " + dottedKey);
            }
            List<String> parts = List.of(dottedKey.split("\\."));
            Map<String, Object> node = tree;
            for (String part : parts.subList(0, parts.size() - 1)) {
                Object child = node.get(part);
                Map<String, Object> copy = child instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
                if (child != null && !(child instanceof Map)) {
                    throw new InvalidConfigException(part + " is a value, not a block of settings");
                }
                node.put(part, copy);
                node = copy;
            }
            node.put(parts.get(parts.size() - 1), entry.getValue());
        }
        writeConfig(tree);
    }

    private static Map<String, Object> parse(String text, Path file) {
        try {
            Object loaded = newYaml().load(text);
            if (loaded == null) {
                return new LinkedHashMap<>();
            }
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new InvalidConfigException(file + " must be a YAML mapping of settings");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> result.put(String.valueOf(k), v));
            return result;
        } catch (YAMLException e) {
            throw new InvalidConfigException(file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static String dump(Map<String, Object> tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options).dump(tree);
    }

    private static Yaml newYaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private static void writeAtomically(Path file, String content, boolean ownerOnly) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            if (ownerOnly || !Files.exists(file)) {
                setMode(tmp, ownerOnly ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r-----"));
            } else {
                setMode(tmp, Files.getPosixFilePermissions(file));
            }
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void setMode(Path file, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(file, mode);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX filesystem (Windows agents keep their ACLs).
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
