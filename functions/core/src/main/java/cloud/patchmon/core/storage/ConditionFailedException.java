package cloud.patchmon.core.storage;

/** A conditional write was refused because the stored state did not match; nothing changed. */
public class ConditionFailedException extends RuntimeException {
    public ConditionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
