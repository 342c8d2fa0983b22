package cloud.patchmon.core.realtime;

import cloud.patchmon.core.aws.AwsService;
import cloud.patchmon.core.aws.SignedJsonClient;
import cloud.patchmon.core.tenancy.TenantContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpMethod;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ConnectFollowUp} as an asynchronous Lambda Invoke ({@code X-Amz-Invocation-Type: Event}) of the agents
 * routes function's own alias through a {@link SignedJsonClient} for {@code lambda}: the generated {@code lambda}
 * client is not published at the SDK version the functions are pinned to (DESIGN.md).
 * Lambda queues the event (202) and the {@code $connect} returns at once; the invocation then finds the socket open.
 */
public final class LambdaConnectFollowUp implements ConnectFollowUp {

    /** The payload's marker: an event with it is a follow-up, not an API Gateway event. */
    public static final String MARKER = "patchmon_follow_up";
    public static final String DELIVER_PENDING = "deliver_pending";
    private static final Logger LOG = LoggerFactory.getLogger(LambdaConnectFollowUp.class);

    private final SignedJsonClient client;
    private final String functionName;
    private final String qualifier;
    private final ObjectMapper json;

    /**
     * @param client       signed for {@link AwsService#LAMBDA}, without retries: a follow-up that fails waits for the
     *                     next connect
     * @param functionName the function to invoke (this one: {@code AWS_LAMBDA_FUNCTION_NAME})
     * @param qualifier    its alias, so the follow-up runs the same published version
     */
    public LambdaConnectFollowUp(SignedJsonClient client, String functionName, String qualifier, ObjectMapper json) {
        this.client = client;
        this.functionName = functionName;
        this.qualifier = qualifier;
        this.json = json;
    }

    /** This function's own alias, endpoint {@code AWS_ENDPOINT_URL_LAMBDA}, else {@code AWS_ENDPOINT_URL}, else the region's. */
    public static LambdaConnectFollowUp create(Map<String, String> env, String region, String functionName, String qualifier,
                                               ObjectMapper json) {
        return new LambdaConnectFollowUp(SignedJsonClient.forService(AwsService.LAMBDA, region, env, SignedJsonClient.Retries.NONE),
                functionName, qualifier, json);
    }

    @Override
    public void afterConnect(TenantContext ctx, String hostId, Connection connection) {
        try {
            Map<String, String> payload = new LinkedHashMap<>();
            payload.put(MARKER, DELIVER_PENDING);
            payload.put("tenant_id", ctx.tenantId().value());
            payload.put("host_id", hostId);
            payload.put("connection_id", connection.connectionId());
            payload.put("api_id", connection.apiId());
            payload.put("stage", connection.stage());
            int status = invoke(json.writeValueAsBytes(payload));
            if (status != 202) {
                LOG.error("host {} of tenant {}: follow-up of connection {} refused by Lambda (HTTP {}); delayed jobs wait for the next connect",
                        hostId, ctx.tenantId(), connection.connectionId(), status);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("host {} of tenant {}: follow-up of connection {} not invoked; delayed jobs wait for the next connect",
                    hostId, ctx.tenantId(), connection.connectionId(), e);
        }
    }

    private int invoke(byte[] body) {
        return client.call("Invoke", SdkHttpMethod.POST, "/2015-03-31/functions/" + URLEncoder.encode(functionName, StandardCharsets.UTF_8)
                        + "/invocations?Qualifier=" + URLEncoder.encode(qualifier, StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "Event"), body).status();
    }
}
