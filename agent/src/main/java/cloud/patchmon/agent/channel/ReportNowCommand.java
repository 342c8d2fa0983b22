package cloud.patchmon.agent.channel;

import cloud.patchmon.agent.reporting.ReportRequests;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** {@code report_now} (Fetch Report): a full report from the daemon's loop, done when it has been sent. */
public final class ReportNowCommand implements CommandHandler {

    private final ReportRequests requests;

    public ReportNowCommand(ReportRequests requests) {
        this.requests = requests;
    }

    @Override
    public CompletionStage<Done> handle(JsonNode message) {
        return requests.request().thenApply(record -> {
            if (record.error() != null) {
                throw new CompletionException(new IllegalStateException("the report failed: " + record.error()));
            }
            return Done.NOTHING_MORE;
        });
    }
}
