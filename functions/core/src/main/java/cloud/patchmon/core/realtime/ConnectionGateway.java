package cloud.patchmon.core.realtime;

/**
 * The port that pushes one message to one WebSocket connection: API Gateway's Management API in AWS
 * ({@link ApiGatewayConnectionGateway}), the local stack's emulator on one machine.
 */
public interface ConnectionGateway {

    /**
     * @throws ConnectionGoneException when the connection no longer exists (API Gateway's 410)
     */
    void post(String connectionId, String message);

    /** Closes the connection (API Gateway's DeleteConnection); a connection already gone is no error. */
    void disconnect(String connectionId);
}
