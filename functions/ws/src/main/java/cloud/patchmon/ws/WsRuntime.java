package cloud.patchmon.ws;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.events.EventBridgeEvents;
import cloud.patchmon.core.health.AgentPresence;
import cloud.patchmon.core.health.HostHealth;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.patching.PatchRunSubscriptions;
import cloud.patchmon.core.realtime.AgentJobs;
import cloud.patchmon.core.realtime.AgentMessages;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.ApiGatewayConnectionGateway;
import cloud.patchmon.core.realtime.ConnectFollowUp;
import cloud.patchmon.core.realtime.ConnectionGateway;
import cloud.patchmon.core.realtime.LambdaConnectFollowUp;
import cloud.patchmon.core.realtime.HostLiveEvents;
import cloud.patchmon.core.realtime.UiChannel;
import cloud.patchmon.core.realtime.UiConnectionRepository;
import cloud.patchmon.core.realtime.UiSessions;
import cloud.patchmon.core.realtime.WsTickets;
import cloud.patchmon.core.storage.AwsCredentials;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoDbClients;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The services a Lambda container builds once, from the function's environment, for the handlers' runtime constructors. */
record WsRuntime(AgentAuthenticator authenticator, AgentPresence presence, AgentMessages messages, WsTickets tickets,
                 UiSessions uiSessions, UiChannel uiChannel, AgentJobs queue, AgentsRoutesHandler.StageJobs stageJobs, ConnectFollowUp followUp) {

    /** The {@code ui} API's Management API endpoint, where browser frames are posted; set by the stack. */
    static final String UI_CALLBACK_URL = "PATCHMON_UI_CALLBACK_URL";

    /** The {@code agents} API's Management API endpoint, where commands to agents are posted; set by the stack. */
    static final String AGENTS_CALLBACK_URL = "PATCHMON_AGENTS_CALLBACK_URL";

    /** The alias the agents routes function invokes for a {@code $connect}'s follow-up; set by the stack. */
    static final String FOLLOW_UP_ALIAS = "PATCHMON_FOLLOW_UP_ALIAS";

    /** API Gateway's API ids and stage names; a follow-up naming anything else finds no Management API. */
    private static final Pattern API_ID = Pattern.compile("[a-z0-9]{10}");
    private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private static final class Holder {
        static final WsRuntime INSTANCE = fromEnvironment(System.getenv());
    }

    static WsRuntime instance() {
        return Holder.INSTANCE;
    }

    static WsRuntime fromEnvironment(Map<String, String> env) {
        StorageSettings settings = StorageSettings.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        ItemStore store = new DynamoItemStore(DynamoDbClients.create(settings, new CapacityMeter(), env), settings.tableName(), Json.newMapper(), clock);
        // The cost only shapes the dummy hash burnt for unknown API IDs; stored hashes carry their own.
        PasswordHasher hasher = new PasswordHasher(Integer.parseInt(env.getOrDefault("PATCHMON_BCRYPT_COST", "10")));
        UiChannel uiChannel = new UiChannel(new UiConnectionRepository(store), ApiGatewayConnectionGateway.fromEnvironment(env, settings.region(), UI_CALLBACK_URL), Json.newMapper());
        HostLiveEvents live = new HostLiveEvents(uiChannel);
        // On AWS the events go to the stack's bus (PATCHMON_EVENT_BUS_NAME); alert records and notification delivery
        // subscribe there with the alerts issue.
        HostHealth health = new HostHealth(store, EventBridgeEvents.fromEnvironment(env, settings.region(), Json.newMapper()), live, clock);
        // The same agent services as the api's; this function records acknowledgements and settles jobs from them.
        AgentRealtime realtime = AgentRealtime.create(store, ApiGatewayConnectionGateway.fromEnvironment(env, settings.region(), AGENTS_CALLBACK_URL), clock);
        // The stack cannot hand this function its own API's callback URL (the API depends on the function), so a
        // follow-up posts to the stage its $connect came through.
        AgentsRoutesHandler.StageJobs stageJobs = env.getOrDefault(AGENTS_CALLBACK_URL, "").isBlank()
                ? (apiId, stage) -> AgentRealtime.create(store, stageGateway(env, settings, apiId, stage), clock).jobs()
                : (apiId, stage) -> realtime.jobs();
        String functionName = env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "");
        String alias = env.getOrDefault(FOLLOW_UP_ALIAS, "");
        ConnectFollowUp followUp = functionName.isBlank() || alias.isBlank() ? ConnectFollowUp.NONE
                : LambdaConnectFollowUp.create(env, settings.region(), functionName, alias, Json.newMapper());
        return new WsRuntime(new AgentAuthenticator(store, hasher, clock),
                new AgentPresence(realtime.connections(), health, live),
                realtime.messages(),
                new WsTickets(store, clock),
                new UiSessions(store, new PatchRunSubscriptions(store), clock),
                uiChannel, realtime.jobs(), stageJobs, followUp);
    }

    private static ConnectionGateway stageGateway(Map<String, String> env, StorageSettings settings, String apiId, String stage) {
        if (apiId == null || stage == null || !API_ID.matcher(apiId).matches() || !STAGE.matcher(stage).matches()) {
            return ConnectionGateway.unconfigured("the follow-up's API id and stage");
        }
        URI url = URI.create("https://" + apiId + ".execute-api." + settings.region() + ".amazonaws.com/" + stage);
        return ApiGatewayConnectionGateway.create(url, settings.region(), AwsCredentials.forEndpoint(Optional.empty(), env));
    }
}
