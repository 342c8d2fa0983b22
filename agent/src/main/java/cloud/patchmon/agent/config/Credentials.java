package cloud.patchmon.agent.config;

/** {@code credentials.yml}: this host's API ID and key. */
public record Credentials(String apiId, String apiKey) {

    @Override
    public String toString() {
        return "Credentials[apiId=" + apiId + ", apiKey=****]";
    }
}
