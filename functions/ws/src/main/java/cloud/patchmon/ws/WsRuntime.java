package cloud.patchmon.ws;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.realtime.AgentConnections;
import cloud.patchmon.core.realtime.AgentMessages;
import cloud.patchmon.core.realtime.CommandAckRepository;
import cloud.patchmon.core.realtime.ConnectionRepository;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoDbClients;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;

import java.time.Clock;
import java.util.Map;

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
        return new WsRuntime(new AgentAuthenticator(store, hasher, clock),
                new AgentConnections(new ConnectionRepository(store), clock),
                new AgentMessages(new CommandAckRepository(store), Json.newMapper(), clock));
    }
}
