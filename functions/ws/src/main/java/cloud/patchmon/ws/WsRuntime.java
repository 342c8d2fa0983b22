package cloud.patchmon.ws;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentConnections;
import cloud.patchmon.core.realtime.AgentMessages;
import cloud.patchmon.core.realtime.AgentRealtime;
import cloud.patchmon.core.realtime.ApiGatewayConnectionGateway;
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

/** The services a Lambda container builds once, from the function's environment, for the handlers' runtime constructors. */
record WsRuntime(AgentAuthenticator authenticator, AgentConnections connections, AgentMessages messages) {

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
        // The same services as the api's; this function itself only records acknowledgements and sends nothing yet.
        String callbackUrl = env.getOrDefault("PATCHMON_AGENTS_CALLBACK_URL", "");
        AgentRealtime realtime = AgentRealtime.create(store, callbackUrl.isBlank() ? AgentRealtime.unconfigured()
                : ApiGatewayConnectionGateway.create(URI.create(callbackUrl), settings.region(), AwsCredentials.forEndpoint(Optional.empty(), env)), clock);
        return new WsRuntime(new AgentAuthenticator(store, hasher, clock), realtime.connections(), realtime.messages());
    }
}
