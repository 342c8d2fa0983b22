package cloud.patchmon.core.realtime;

/** The connection a message was posted to has closed (API Gateway's GoneException, HTTP 410). */
public final class ConnectionGoneException extends RuntimeException {

    public ConnectionGoneException(String connectionId) {
        super("connection " + connectionId + " is gone");
    }
}
