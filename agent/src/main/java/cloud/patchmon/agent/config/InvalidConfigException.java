package cloud.patchmon.agent.config;

/** The configuration cannot be used as written; the message says which setting and why. */
public final class InvalidConfigException extends RuntimeException {

    public InvalidConfigException(String message) {
        super(message);
    }
}
