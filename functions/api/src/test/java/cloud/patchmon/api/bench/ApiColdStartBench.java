package cloud.patchmon.api.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./patchmon bench api-cold-start}: how long a fresh JVM takes from launch to the first
 * API Gateway event answered by the real Lambda handler, i.e. a Lambda cold start without
 * SnapStart. Each run is a new JVM ({@link ColdStartProbe}); the figures are medians of several.
 */
public final class ApiColdStartBench {

    private static final int RUNS = 5;

    public static void main(String[] args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        List<String[]> flagSets = List.of(
                new String[]{},
                new String[]{"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"});
        System.out.println("JVM flags                                    init ms (median of " + RUNS + ")   first request ms   total ms");
        for (String[] flags : flagSets) {
            List<long[]> samples = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(List.of(flags));
                command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName()));
                Process process = new ProcessBuilder(command).redirectErrorStream(false)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("probe failed: " + out);
                }
                String last = out.lines().filter(l -> l.startsWith("COLDSTART ")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("probe printed no result: " + out));
                String[] parts = last.split(" ");
                samples.add(new long[]{Long.parseLong(parts[1]), Long.parseLong(parts[2])});
            }
            long init = median(samples, 0);
            long first = median(samples, 1);
            System.out.printf(Locale.ROOT, "%-44s %14d %24d %10d%n",
                    flags.length == 0 ? "(default)" : String.join(" ", flags), init, first, init + first);
        }
    }

    private static long median(List<long[]> samples, int index) {
        return samples.stream().mapToLong(s -> s[index]).sorted().skip(samples.size() / 2).findFirst().orElseThrow();
    }
}
