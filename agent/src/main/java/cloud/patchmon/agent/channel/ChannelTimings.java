package cloud.patchmon.agent.channel;

import java.time.Duration;

/**
 * The channel's time limits.
 *
 * @param pingEvery       how often a ping control frame goes out (it also keeps API Gateway's 10-minute idle timeout away)
 * @param pongTimeout     a connection that answered no ping for this long is dead
 * @param maxLifetime     renew the connection after this long, before API Gateway ends it at 2 hours
 * @param slowestRetry    the wait before redialling after the server refused the credentials
 * @param maxMessageBytes larger messages are refused (API Gateway's WebSocket message limit)
 */
public record ChannelTimings(Duration pingEvery, Duration pongTimeout, Duration maxLifetime, Duration slowestRetry, int maxMessageBytes) {

    /** AGENT-PROTOCOL.md and DESIGN.md "Lambda facts to respect". */
    public static final ChannelTimings DEFAULTS = new ChannelTimings(Duration.ofSeconds(30), Duration.ofSeconds(90),
            Duration.ofMinutes(115), Duration.ofSeconds(30), 128 * 1024);
}
