package cloud.patchmon.core.storage;

/** A pagination cursor was malformed, forged, or issued for another tenant or query. */
public class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
