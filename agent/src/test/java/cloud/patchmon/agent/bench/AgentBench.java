package cloud.patchmon.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code ./patchmon bench agent}: one full collection by the built agent ({@code agent/target/patchmon-agent report --json})
 * on this machine, timed by GNU time: wall time, CPU time (user + system, the package manager's child processes
 * included), peak RSS of the largest process (the JVM), and the size of the report the agent would send (compact
 * JSON). Runs each JVM flag set {@value #RUNS} times and prints medians; the last line is the launcher's flags.
 */
public final class AgentBench {

    static final int RUNS = 3;

    private record Sample(long wallMs, long cpuMs, long peakRssKb) {
    }

    private AgentBench() {
    }

    public static void main(String[] args) throws Exception {
        Path agent = Path.of("agent/target/patchmon-agent").toAbsolutePath();
        Path time = Path.of("/usr/bin/time");
        if (!Files.isExecutable(agent) || !Files.isExecutable(time)) {
            throw new IllegalStateException("needs " + agent + " (./patchmon build) and GNU time (apt-get install time)");
        }
        Path dir = Files.createTempDirectory("patchmon-agent-bench");
        Files.writeString(dir.resolve("config.yml"), "patchmon_server: \"http://127.0.0.1:9\"\npackage_cache_refresh_mode: never\n");

        // The JVM's own defaults on this machine (G1, a quarter of RAM as heap) against the launcher's small-footprint flags.
        Map<String, String> flagSets = new java.util.LinkedHashMap<>();
        flagSets.put("jvm-defaults", "-XX:+UseG1GC");
        flagSets.put("launcher", "");
        String summary = null;
        for (Map.Entry<String, String> flags : flagSets.entrySet()) {
            List<Sample> samples = new ArrayList<>();
            long payload = 0;
            int packages = 0;
            for (int run = 0; run < RUNS; run++) {
                Path metrics = dir.resolve("time.txt");
                ProcessBuilder builder = new ProcessBuilder(time.toString(), "-f", "%e %U %S %M", "-o", metrics.toString(),
                        agent.toString(), "--config-dir", dir.toString(), "report", "--json");
                if (flags.getValue().isEmpty()) {
                    builder.environment().remove("PATCHMON_AGENT_JAVA_OPTS");
                } else {
                    builder.environment().put("PATCHMON_AGENT_JAVA_OPTS", flags.getValue());
                }
                builder.redirectError(ProcessBuilder.Redirect.INHERIT);
                Process process = builder.start();
                byte[] out = process.getInputStream().readAllBytes();
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("the agent failed: " + new String(out, StandardCharsets.UTF_8));
                }
                JsonNode report = new ObjectMapper().readTree(out);
                payload = new ObjectMapper().writeValueAsBytes(report).length;
                packages = report.path("packages").size();
                String[] f = Files.readString(metrics).strip().split("\\s+");
                samples.add(new Sample(Math.round(Double.parseDouble(f[0]) * 1000),
                        Math.round((Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1000), Long.parseLong(f[3])));
            }
            Sample median = new Sample(median(samples, Sample::wallMs), median(samples, Sample::cpuMs), median(samples, Sample::peakRssKb));
            summary = "agent flags=" + flags.getKey() + " packages=" + packages + " wall_ms=" + median.wallMs() + " cpu_ms=" + median.cpuMs()
                    + " peak_rss_mb=" + median.peakRssKb() / 1024 + " payload_bytes=" + payload;
            System.out.println(summary);
        }
    }

    private static long median(List<Sample> samples, java.util.function.ToLongFunction<Sample> metric) {
        List<Long> values = samples.stream().map(metric::applyAsLong).sorted(Comparator.naturalOrder()).toList();
        return values.get(values.size() / 2);
    }
}
