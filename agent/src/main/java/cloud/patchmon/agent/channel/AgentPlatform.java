package cloud.patchmon.agent.channel;

import java.util.Locale;

/**
 * The platform names {@code GET /hosts/agent/version} and the download route use.
 *
 * @param os   {@code linux} or {@code freebsd}
 * @param arch {@code amd64}, {@code arm64}, {@code arm} or {@code 386}
 */
public record AgentPlatform(String os, String arch) {

    /** From the running JVM: the agent is one file for every architecture, so the JVM's view is the one that matters. */
    public static AgentPlatform ofThisJvm() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("freebsd") ? "freebsd" : "linux";
        String arch = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "aarch64", "arm64" -> "arm64";
            case "arm", "armv7l", "armv6l" -> "arm";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            default -> "amd64";
        };
        return new AgentPlatform(os, arch);
    }
}
