package cloud.patchmon.core.realtime;

import cloud.patchmon.core.tenancy.TenantContext;

/**
 * What an agents {@code $connect} asks for once it has recorded the connection: in AWS the connection only opens after
 * {@code $connect} returns (PostToConnection is refused while it runs), so the host's delayed jobs go out from a second
 * invocation ({@link LambdaConnectFollowUp}); the local emulator delivers them itself once the socket is open
 * ({@link #NONE}). Implementations never throw: a failed follow-up leaves the jobs delayed, it must not refuse the agent.
 */
@FunctionalInterface
public interface ConnectFollowUp {

    ConnectFollowUp NONE = (ctx, hostId, connection) -> {
    };

    /** The connection and the agents API stage it belongs to (where its Management API is). */
    record Connection(String connectionId, String apiId, String stage) {
    }

    void afterConnect(TenantContext ctx, String hostId, Connection connection);
}
