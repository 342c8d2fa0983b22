package cloud.patchmon.api.http;

/** A request body passed the configured size limit while it was being read. */
public class PayloadTooLargeException extends java.io.IOException {
    public PayloadTooLargeException() {
        super("request body exceeds the size limit");
    }
}
