package cloud.patchmon.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code config.yml}, as PatchMon 2.x agents lay it out (AGENT-PROTOCOL.md "Agent behaviour", spec ch. 12).
 *
 * @param updateInterval  minutes between reports
 * @param reportOffset    seconds after each interval boundary this host reports at; {@code null} derives it
 *                        from the API ID so a fleet spreads over the interval
 * @param packageCacheRefreshMode {@code always}, {@code if_stale} or {@code never}: whether the package
 *                        lists are refreshed (apt-get update, dnf makecache) before collecting
 * @param packageCacheRefreshMaxAge minutes after which {@code if_stale} refreshes
 * @param autoUpdate      {@code auto_update}: whether {@code serve} checks for a newer agent on its schedule, as the
 *                        server's Agent Updates settings last said (our extension; Update Now works either way)
 */
public record AgentConfig(String patchmonServer, String apiVersion, Path credentialsFile, Path logFile, String logLevel,
                          boolean skipSslVerify, int updateInterval, Integer reportOffset, String packageCacheRefreshMode,
                          int packageCacheRefreshMaxAge, Integrations integrations, boolean autoUpdate) {

    public static final int DEFAULT_UPDATE_INTERVAL = 60;

    /**
     * The integrations block.
     *
     * @param compliance {@code true}, {@code false} or {@code "on-demand"}
     */
    public record Integrations(boolean docker, Object compliance, boolean openscapEnabled, boolean dockerBenchEnabled,
                               boolean sshProxyEnabled, boolean rdpProxyEnabled) {
    }

    /** The API base: {@code {patchmon_server}/api/{api_version}}. */
    public URI apiBase() {
        String server = patchmonServer.endsWith("/") ? patchmonServer.substring(0, patchmonServer.length() - 1) : patchmonServer;
        return URI.create(server + "/api/" + apiVersion);
    }

    /**
     * The realtime channel: the API base with http→ws / https→wss plus {@code /agents/ws} (AGENT-PROTOCOL.md
     * "Authentication and transport").
     */
    public URI channelUri() {
        URI api = apiBase();
        return URI.create(("https".equals(api.getScheme()) ? "wss" : "ws") + api.toString().substring(api.getScheme().length()) + "/agents/ws");
    }

    /**
     * Reads the parsed YAML tree; missing keys take the upstream defaults.
     *
     * @throws InvalidConfigException when a value has the wrong type or is out of range
     */
    @SuppressWarnings("unchecked")
    public static AgentConfig from(Map<String, Object> yaml, Path configDir) {
        Map<String, Object> tree = yaml == null ? Map.of() : yaml;
        String server = string(tree, "patchmon_server", null);
        if (server == null || server.isBlank()) {
            throw new InvalidConfigException("patchmon_server is not set in " + configDir.resolve("config.yml"));
        }
        try {
            URI uri = URI.create(server.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidConfigException("patchmon_server must be an http:// or https:// URL: " + server);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("patchmon_server is not a URL: " + server);
        }
        int interval = integer(tree, "update_interval", DEFAULT_UPDATE_INTERVAL);
        if (interval < 1 || interval > 10_080) {
            throw new InvalidConfigException("update_interval must be between 1 and 10080 minutes, not " + interval);
        }
        Integer offset = tree.get("report_offset") == null ? null : integer(tree, "report_offset", 0);
        if (offset != null && offset < 0) {
            throw new InvalidConfigException("report_offset must not be negative");
        }
        String refresh = string(tree, "package_cache_refresh_mode", "if_stale");
        if (!refresh.equals("always") && !refresh.equals("if_stale") && !refresh.equals("never")) {
            throw new InvalidConfigException("package_cache_refresh_mode must be always, if_stale or never, not " + refresh);
        }
        String level = string(tree, "log_level", "info").toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of("debug", "info", "warn", "error").contains(level)) {
            throw new InvalidConfigException("log_level must be debug, info, warn or error, not " + level);
        }
        Map<String, Object> integrations = map(tree, "integrations");
        Object compliance = integrations.get("compliance");
        Map<String, Object> complianceBlock = compliance instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Object complianceMode = compliance instanceof Map<?, ?> ? complianceBlock.getOrDefault("enabled", false) : compliance;
        return new AgentConfig(server.trim(), string(tree, "api_version", "v1"),
                path(tree, "credentials_file", configDir.resolve("credentials.yml")),
                path(tree, "log_file", configDir.resolve("logs").resolve("patchmon-agent.log")), level,
                bool(tree, "skip_ssl_verify", false), interval, offset, refresh, integer(tree, "package_cache_refresh_max_age", 60),
                new Integrations(bool(integrations, "docker", false), complianceMode == null ? Boolean.FALSE : complianceMode,
                        bool(complianceBlock, "openscap_enabled", true), bool(complianceBlock, "docker_bench_enabled", false),
                        bool(integrations, "ssh-proxy-enabled", false), bool(integrations, "rdp-proxy-enabled", false)),
                bool(tree, "auto_update", true));
    }

    private static String string(Map<String, Object> tree, String key, String fallback) {
        Object value = tree.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Map || value instanceof java.util.List) {
            throw new InvalidConfigException(key + " must be a single value");
        }
        return value.toString();
    }

    private static int integer(Map<String, Object> tree, String key, int fallback) {
        Object value = tree.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key + " must be a whole number, not " + value);
        }
    }

    private static boolean bool(Map<String, Object> tree, String key, boolean fallback) {
        Object value = tree.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (value.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidConfigException(key + " must be true or false, not " + value);
        };
    }

    private static Path path(Map<String, Object> tree, String key, Path fallback) {
        String value = string(tree, key, null);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> tree, String key) {
        Object value = tree.get(key);
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new InvalidConfigException(key + " must be a block of settings");
    }
}
