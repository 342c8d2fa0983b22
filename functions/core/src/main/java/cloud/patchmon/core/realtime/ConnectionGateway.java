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

    /**
     * Closes the connection (API Gateway's DeleteConnection); a connection already gone is no error. Both adapters
     * implement it; the default keeps the port a functional interface for fakes that only receive posts.
     */
    default void disconnect(String connectionId) {
        throw new UnsupportedOperationException("this gateway cannot close connections");
    }

    /** Where no Management API is configured ({@code property} unset): every send fails loudly. */
    static ConnectionGateway unconfigured(String property) {
        return new ConnectionGateway() {
            @Override
            public void post(String connectionId, String message) {
                throw new IllegalStateException("no WebSocket API is configured (" + property + ")");
            }

            @Override
            public void disconnect(String connectionId) {
                post(connectionId, null);
            }
        };
    }
}
