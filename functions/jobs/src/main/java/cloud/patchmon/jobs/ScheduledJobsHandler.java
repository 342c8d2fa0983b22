package cloud.patchmon.jobs;

import cloud.patchmon.core.events.EventBridgeEvents;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.ApiGatewayConnectionGateway;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoDbClients;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.time.Clock;
import java.util.Map;

/**
 * The {@code jobs} Lambda: each EventBridge schedule invokes it with the constant input
 * {@code {"job": "<name>"}}. A failing job throws, so the invocation is recorded as failed and
 * EventBridge's retry policy applies.
 */
public final class ScheduledJobsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Jobs jobs;

    /** The runtime's constructor: storage from the function's environment ({@code PATCHMON_TABLE}). */
    public ScheduledJobsHandler() {
        this(jobsFrom(System.getenv()));
    }

    private static Jobs jobsFrom(Map<String, String> env) {
        StorageSettings settings = StorageSettings.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        ItemStore store = new DynamoItemStore(DynamoDbClients.create(settings, new CapacityMeter(), env), settings.tableName(), Json.newMapper(), clock);
        UiChannel browsers = new UiChannel(new UiConnectionRepository(store), ApiGatewayConnectionGateway.fromEnvironment(env, settings.region(), "PATCHMON_UI_CALLBACK_URL"), Json.newMapper());
        // On AWS the events go to the stack's bus (PATCHMON_EVENT_BUS_NAME); alert records and notification delivery
        // subscribe there with the alerts issue.
        return new Jobs(store, clock, new HostHealth(store, EventBridgeEvents.fromEnvironment(env, settings.region(), Json.newMapper()),
                new HostLiveEvents(browsers), clock));
    }

    public ScheduledJobsHandler(Jobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Object name = input == null ? null : input.get("job");
        if (!(name instanceof String job) || job.isBlank()) {
            throw new IllegalArgumentException("the schedule's input must name a job: {\"job\": \"<name>\"}");
        }
        return jobs.run(job);
    }
}
