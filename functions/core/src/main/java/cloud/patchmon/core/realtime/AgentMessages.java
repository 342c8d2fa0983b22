package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.tenancy.TenantContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent → server frames of AGENT-PROTOCOL.md plus our {@code command_ack}. The sender is the connection's host as
 * the {@code $connect} authorizer resolved it; a frame can only ever speak for that host.
 */
public final class AgentMessages {

    public static final String COMMAND_ACK = "command_ack";
    /** What agents may send; anything else is refused, so a typo shows in the logs instead of vanishing. */
    public static final Set<String> TYPES = Set.of(COMMAND_ACK, "docker_status", "compliance_scan_progress",
            "ssh_proxy_connected", "ssh_proxy_data", "ssh_proxy_error", "ssh_proxy_closed",
            "rdp_proxy_connected", "rdp_proxy_data", "rdp_proxy_error", "rdp_proxy_closed");
    /** Fields by which a frame could claim to be about a host; they must name the sender. */
    private static final List<String> HOST_FIELDS = List.of("host_id", "hostId");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern STATUS = Pattern.compile("[a-z][a-z_]{0,31}");
    private static final int MAX_ERROR_CHARS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(AgentMessages.class);

    private final CommandAckRepository acks;
    private final AgentJobs jobs;
    private final ObjectMapper json;
    private final Clock clock;

    public AgentMessages(CommandAckRepository acks, AgentJobs jobs, ObjectMapper json, Clock clock) {
        this.acks = acks;
        this.jobs = jobs;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param ctx the connection's tenant, its principal the sending host
     * @return the frame's type
     * @throws DomainException when the frame is refused; nothing is then recorded
     */
    public String accept(TenantContext ctx, String hostId, String frame) {
        if (frame == null || frame.isBlank()) {
            throw DomainException.badRequest("Empty frame");
        }
        if (frame.getBytes(StandardCharsets.UTF_8).length > AgentChannel.MAX_MESSAGE_BYTES) {
            throw DomainException.badRequest("Frame exceeds the 128 KB message limit");
        }
        JsonNode body = parse(frame);
        String type = body.path("type").isTextual() ? body.get("type").asText() : null;
        if (type == null || !TYPES.contains(type)) {
            throw DomainException.badRequest(type == null ? "Frame has no type" : "Unknown message type");
        }
        for (String field : HOST_FIELDS) {
            JsonNode named = body.get(field);
            if (named != null && !(named.isTextual() && named.asText().equals(hostId))) {
                throw DomainException.forbidden("A frame may only concern the sending host");
            }
        }
        if (COMMAND_ACK.equals(type)) {
            CommandAck ack = ack(hostId, body);
            acks.save(ctx, ack);
            jobs.acknowledged(ctx, ack);
            LOG.info("host {} of tenant {}: job {} {}", hostId, ctx.tenantId(), ack.jobId(), ack.status());
        } else {
            LOG.debug("host {} of tenant {}: {}", hostId, ctx.tenantId(), type);
        }
        return type;
    }

    private JsonNode parse(String frame) {
        try {
            JsonNode body = json.readTree(frame);
            if (body == null || !body.isObject()) {
                throw DomainException.badRequest("Malformed frame: expected a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw DomainException.badRequest("Malformed frame: expected a JSON object");
        }
    }

    private CommandAck ack(String hostId, JsonNode body) {
        JsonNode jobId = body.get("job_id");
        if (jobId == null || !jobId.isTextual() || !JOB_ID.matcher(jobId.asText()).matches()) {
            throw DomainException.badRequest("command_ack needs a job_id");
        }
        JsonNode status = body.get("status");
        if (status == null || !status.isTextual() || !STATUS.matcher(status.asText()).matches()) {
            throw DomainException.badRequest("command_ack needs a status");
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull() && !(error.isTextual() && error.asText().length() <= MAX_ERROR_CHARS)) {
            throw DomainException.badRequest("command_ack error must be text of at most " + MAX_ERROR_CHARS + " characters");
        }
        return new CommandAck(hostId, jobId.asText(), status.asText(), error == null || error.isNull() ? null : error.asText(), clock.instant());
    }
}
