package cloud.patchmon.local.workflows;

import cloud.patchmon.core.workflows.ExecutionStatus;
import cloud.patchmon.local.workflows.ExecutionRecord.Phase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Task tokens: each names its execution (so SendTask* finds it without an index) plus a random part no one can guess. */
final class TaskTokens {

    private static final int MAX_LENGTH = 2048;

    private TaskTokens() {
    }

    static String issue(String executionArn) {
        String raw = executionArn + "#" + UUID.randomUUID();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> executionOf(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int hash = raw.lastIndexOf('#');
            return hash > 0 && raw.startsWith(LocalArns.PREFIX) ? Optional.of(raw.substring(0, hash)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the execution is waiting for exactly this token and none of its deadlines has passed. */
    static boolean awaits(ExecutionRecord record, String token, Instant now) {
        return record.status() == ExecutionStatus.RUNNING && token.equals(record.taskToken())
                && (record.phase() == Phase.TOKEN_INVOKE || record.phase() == Phase.TOKEN_WAIT)
                && (record.dueAt() == null || now.isBefore(record.dueAt()))
                && (record.heartbeatDue() == null || now.isBefore(record.heartbeatDue()))
                && (record.deadline() == null || now.isBefore(record.deadline()));
    }
}
